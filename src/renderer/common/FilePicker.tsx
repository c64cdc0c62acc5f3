/**
 * Browser mode's file dialog: a folder listing over fs:list (the server confines it to the documents folder) and,
 * for saving, a name field.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';
import type { PickRequest } from './dialogs.ts';

const join = (dir: string, name: string) => (dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`);

export function FilePicker({ request }: { request: PickRequest }) {
  const { t } = useTranslation();
  const [dir, setDir] = useState<string | undefined>(undefined);
  const [listing, setListing] = useState<{ dir: string; parent: string | null; entries: FileEntry[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(request.defaultName ?? '');
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getApi()
      ['fs:list']({ dir, extensions: request.mode === 'folder' ? [] : request.extensions })
      .then((r) => {
        if (!live) return;
        if (r.ok) {
          setListing(r);
          setError(null);
        } else setError(r.error);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [dir, request.mode, request.extensions]);

  const finish = () => {
    if (!listing) return;
    if (request.mode === 'save') {
      const n = name.trim();
      if (!n) return;
      request.resolve(join(listing.dir, /\.[a-z0-9]+$/i.test(n) ? n : `${n}.${request.extensions[0] ?? 'json'}`));
    } else if (request.mode === 'folder') request.resolve(chosen ?? listing.dir);
    else if (chosen) request.resolve(chosen);
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && request.resolve(null)}>
      <div
        className="modal file-picker"
        role="dialog"
        aria-modal="true"
        aria-label={request.title}
        data-testid="file-picker"
      >
        <h2>{request.title}</h2>
        <div className="file-picker-path">
          <button
            type="button"
            className="btn btn-small"
            disabled={!listing?.parent}
            onClick={() => setDir(listing!.parent!)}
            data-testid="picker-up"
          >
            ↑ {t('picker.up')}
          </button>
          <code>{listing?.dir ?? '…'}</code>
        </div>
        {error && <p className="picker-error">{error}</p>}
        <ul className="file-list" role="listbox">
          {listing?.entries.map((e) => (
            <li key={e.path}>
              <button
                type="button"
                role="option"
                aria-selected={chosen === e.path}
                className={chosen === e.path ? 'is-chosen' : undefined}
                data-testid={`picker-entry-${e.name}`}
                onClick={() => {
                  if (e.isDirectory && request.mode !== 'folder') return setDir(e.path);
                  setChosen(e.path);
                  if (request.mode === 'save') setName(e.name);
                }}
                onDoubleClick={() => {
                  if (e.isDirectory) setDir(e.path);
                  else if (request.mode === 'open') request.resolve(e.path);
                }}
              >
                <span className="file-icon">{e.isDirectory ? '📁' : '📄'}</span>
                <span className="file-name">{e.name}</span>
                {!e.isDirectory && <span className="file-meta">{new Date(e.modified).toLocaleString()}</span>}
              </button>
            </li>
          ))}
          {listing && listing.entries.length === 0 && <li className="file-empty">{t('picker.empty')}</li>}
        </ul>
        {request.mode === 'save' && (
          <label className="picker-name">
            {t('picker.name')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && finish()}
              data-testid="picker-name"
              autoFocus
            />
          </label>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={() => request.resolve(null)}>
            {t('dialogs.cancel')}
          </button>
          <button
            type="button"
            className="btn btn-accent"
            onClick={finish}
            disabled={request.mode === 'open' ? !chosen : request.mode === 'save' ? !name.trim() : false}
            data-testid="picker-ok"
          >
            {request.mode === 'save'
              ? t('picker.save')
              : request.mode === 'folder'
                ? t('picker.chooseFolder')
                : t('picker.open')}
          </button>
        </div>
      </div>
    </div>
  );
}
