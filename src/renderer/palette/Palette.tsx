/** Every layer kind, grouped by category and searchable; drag onto the canvas or double-click to add. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LAYERS } from '../../engine/registry.ts';
import { CATEGORIES } from '../../engine/types.ts';
import { PaletteItem } from './PaletteItem.tsx';
import './Palette.css';

export function Palette() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const match = (kind: string, label: string, description: string) =>
      !q ||
      [kind, label, description, t(`kinds.${kind}`, { defaultValue: label })].some((s) => s.toLowerCase().includes(q));
    return CATEGORIES.map((cat) => ({
      cat,
      items: LAYERS.filter((l) => l.category === cat && match(l.kind, l.label, l.description)),
    })).filter((g) => g.items.length);
  }, [query, t]);
  return (
    <div className="palette" aria-label={t('palette.title')}>
      <input
        className="palette-search"
        type="search"
        placeholder={t('palette.search')}
        aria-label={t('palette.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      <div className="palette-groups">
        {groups.map((g) => (
          <section key={g.cat} className={`palette-group cat-${g.cat.toLowerCase()}`}>
            <h3>{t(`categories.${g.cat}`)}</h3>
            {g.items.map((l) => (
              <PaletteItem key={l.kind} kind={l.kind} label={l.label} description={l.description} />
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="palette-empty">{t('palette.none')}</p>}
      </div>
      <p className="palette-hint">{t('palette.hint')}</p>
    </div>
  );
}
