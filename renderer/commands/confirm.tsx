/**
 * One confirmation dialog for the page (item 11): `confirmDisruption(text)` opens it and resolves true on "Send",
 * false on "Cancel" or Escape. A native <dialog> (modal, focus kept inside, Escape closes).
 */
import { useEffect, useRef, useState } from 'react';

type Ask = { text: string; action: string; resolve(ok: boolean): void };
let show: ((ask: Ask) => void) | null = null;

export function confirmDisruption(action: string, text: string): Promise<boolean> {
  // Without a host (a view rendered alone), nothing disruptive is sent unasked.
  if (!show) return Promise.resolve(false);
  return new Promise((resolve) => show!({ text, action, resolve }));
}

export function ConfirmHost() {
  const [ask, setAsk] = useState<Ask | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    show = (a) => setAsk(a);
    return () => {
      show = null;
    };
  }, []);
  useEffect(() => {
    const d = ref.current;
    if (ask && d && !d.open) d.showModal();
  }, [ask]);
  const done = (ok: boolean) => {
    ask?.resolve(ok);
    setAsk(null);
    ref.current?.close();
  };
  return (
    <dialog ref={ref} className="confirm" data-testid="confirm-dialog" onCancel={(e) => { e.preventDefault(); done(false); }} aria-labelledby="confirm-title">
      {ask && (
        <>
          <h2 id="confirm-title">Send {ask.action}?</h2>
          <p data-testid="confirm-text">{ask.text}</p>
          <div className="row">
            <button type="button" className="btn btn-danger" onClick={() => done(true)} data-testid="confirm-send">Send {ask.action}</button>
            <button type="button" className="btn" autoFocus onClick={() => done(false)} data-testid="confirm-cancel">Cancel</button>
          </div>
        </>
      )}
    </dialog>
  );
}
