/**
 * Browser mode: says so while the WebSocket to `convas serve` is down after having been up (the server stopped,
 * the machine slept), and goes away once the client's own retry (host/wsClient.ts) gets through. Requests made
 * meanwhile wait for the connection; Electron's IPC never drops, so there it never shows.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onHostStatus } from '../host/index.ts';

export function ConnectionBanner() {
  const { t } = useTranslation();
  const [lost, setLost] = useState(false);
  useEffect(() => {
    let wasOpen = false;
    return onHostStatus((status) => {
      if (status === 'open') wasOpen = true;
      setLost(wasOpen && status !== 'open');
    });
  }, []);
  if (!lost) return null;
  return (
    <div className="recovery-banner" role="status" data-testid="connection-banner">
      <span>{t('connection.lost')}</span>
    </div>
  );
}
