/** Entry: read the token, open the live feed, render the app (or how to open it). */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { onUnauthorized } from './api/client.ts';
import { createEventStream } from './api/events.ts';
import { StreamProvider } from './api/live.tsx';
import { dropToken, initToken } from './api/token.ts';
import { App } from './app.tsx';
import { createSiteState } from './state/site.ts';
import { SiteProvider } from './state/site-context.tsx';
import { NoToken } from './views/no-token.tsx';
import './styles.css';

function Root({ token }: { token: string | null }) {
  const [refused, setRefused] = useState(false);
  const [live] = useState(() => {
    if (!token) return null;
    const stream = createEventStream();
    return { stream, site: createSiteState(stream) };
  });
  useEffect(() => onUnauthorized(() => {
    dropToken();
    live?.stream.close();
    setRefused(true);
  }), [live]);
  if (!live || refused) return <NoToken refused={refused} />;
  return (
    <StreamProvider stream={live.stream}>
      <SiteProvider site={live.site}>
        <App />
      </SiteProvider>
    </StreamProvider>
  );
}

const token = initToken();
// The UI URL pasted into a tab that is already open changes only the fragment: take the token and start over.
window.addEventListener('hashchange', () => {
  if (/^#token=/.test(window.location.hash)) {
    initToken();
    window.location.reload();
  }
});
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root token={token} />
  </StrictMode>,
);
