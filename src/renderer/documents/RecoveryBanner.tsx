/** At start, offers back a document the recovery file holds (autosaved before a crash or an unsaved close). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiRequests } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';
import { useDocStore } from '../store/docStore.ts';

type Recovery = NonNullable<ApiRequests['recovery:load']['res']>;

export function RecoveryBanner() {
  const { t } = useTranslation();
  const [found, setFound] = useState<Recovery | null>(null);
  useEffect(() => {
    getApi()
      ['recovery:load']()
      .then(setFound)
      .catch(() => setFound(null));
  }, []);
  if (!found) return null;
  const discard = () => {
    void getApi()
      ['recovery:clear']()
      .catch(() => undefined);
    setFound(null);
  };
  return (
    <div className="recovery-banner" role="status" data-testid="recovery-banner">
      <span>{t('recovery.found', { name: found.document.name, time: new Date(found.savedAt).toLocaleString() })}</span>
      <button
        type="button"
        className="btn btn-small btn-accent"
        data-testid="recovery-restore"
        onClick={() => {
          useDocStore.getState().load(found.document, found.path, { dirty: true });
          setFound(null);
        }}
      >
        {t('recovery.restore')}
      </button>
      <button type="button" className="btn btn-small" onClick={discard}>
        {t('recovery.discard')}
      </button>
    </div>
  );
}
