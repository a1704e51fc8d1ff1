import { useEffect, useState } from 'react';
import { registerSW } from 'virtual:pwa-register';

/** Registers the service worker; says when the app works offline and when a new version is ready. */
export function UpdateBanner() {
  const [update, setUpdate] = useState<null | ((reload?: boolean) => Promise<void>)>(null);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const updateSW = registerSW({
      onNeedRefresh: () => setUpdate(() => updateSW),
      onOfflineReady: () => setOffline(true),
    });
  }, []);
  if (update) {
    return (
      <div className="banner" role="status">
        A new version of the app or model is ready. <button type="button" onClick={() => update(true)}>Reload to update</button>
      </div>
    );
  }
  if (offline) {
    return <div className="banner" role="status" data-testid="offline-ready">Ready to work offline. <button type="button" onClick={() => setOffline(false)}>OK</button></div>;
  }
  return null;
}
