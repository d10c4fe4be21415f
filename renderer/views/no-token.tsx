/** Shown when the page was opened without the token (or with a wrong one): how to open it, and no data. */
export function NoToken({ refused }: { refused: boolean }) {
  return (
    <div className="no-token" data-testid="no-token">
      <div className="no-token-box">
        <div className="brand brand-big">Charge<span>Scope</span></div>
        <h1>{refused ? 'This link’s token was refused' : 'Open the URL printed at start'}</h1>
        <p>
          Open the URL printed at start (npm run serve prints <code>UI: http://127.0.0.1:PORT/#token=...</code>).
        </p>
        <p className="muted">
          The control API only answers with its token, which is part of that URL. {refused ? 'ChargeScope was probably restarted with a new token: copy the new UI line from its output.' : 'The token is kept for this tab only and removed from the address bar once the page opens.'}
        </p>
      </div>
    </div>
  );
}
