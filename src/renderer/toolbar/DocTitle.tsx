/**
 * The document's name in the title bar, with its unsaved mark. Clicking it (or Enter on it) edits the name in
 * place: Enter or leaving the field keeps the new name, Escape puts the old one back.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocStore } from '../store/docStore.ts';

export function DocTitle() {
  const { t } = useTranslation();
  const name = useDocStore((s) => s.name);
  const dirty = useDocStore((s) => s.dirty);
  const [draft, setDraft] = useState<string | null>(null);

  const finish = (keep: boolean) => {
    if (keep && draft !== null && draft.trim()) useDocStore.getState().rename(draft, true);
    setDraft(null);
  };

  if (draft !== null) {
    return (
      <div className="doc-title">
        <input
          className="doc-title-input"
          value={draft}
          autoFocus
          aria-label={t('toolbar.rename')}
          data-testid="doc-title-input"
          spellCheck={false}
          onFocus={(e) => e.target.select()}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => finish(true)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') finish(true);
            else if (e.key === 'Escape') finish(false);
            e.stopPropagation();
          }}
        />
      </div>
    );
  }
  return (
    <div className="doc-title">
      <button
        type="button"
        className="doc-title-button"
        data-testid="doc-title"
        title={t('toolbar.renameHint', { name })}
        onClick={() => setDraft(name)}
      >
        {name}
        {dirty && (
          <span className="dirty-mark" aria-label={t('toolbar.unsaved')}>
            {' '}
            ●
          </span>
        )}
      </button>
    </div>
  );
}
