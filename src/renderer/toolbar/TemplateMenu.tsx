/** The templates menu: the example files in resources/examples. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../engine/format.ts';
import { analyze } from '../../engine/analyze.ts';
import { openTemplate } from '../documents/fileActions.ts';
import { TEMPLATES } from '../documents/templates.ts';
import { Icon } from '../common/Icon.tsx';

const PARAMS = Object.fromEntries(TEMPLATES.map((tpl) => [tpl.id, analyze(tpl.document).totalParams]));

export function TemplateMenu() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="tool"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="templates-button"
      >
        <Icon name="templates" />
        <span className="tool-label">{t('toolbar.templates')} ▾</span>
      </button>
      {open && (
        <div className="menu-popup" role="menu">
          {TEMPLATES.map((tpl) => (
            <button
              key={tpl.id}
              type="button"
              role="menuitem"
              className="menu-item"
              data-testid={`template-${tpl.id}`}
              onClick={() => {
                setOpen(false);
                void openTemplate(tpl.id);
              }}
            >
              <span className="menu-item-title">
                {t(`templates.${tpl.id}.name`, { defaultValue: tpl.document.name })}
              </span>
              <span className="menu-item-desc">
                {t(`templates.${tpl.id}.desc`, { defaultValue: '' })} ·{' '}
                {t('templates.params', { count: PARAMS[tpl.id], formatted: fmtInt(PARAMS[tpl.id]) })}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
