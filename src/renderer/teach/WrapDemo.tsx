/** Why casting negative results to 8 bits wraps around: a few values through each display mode. */
import { useTranslation } from 'react-i18next';
import { toBytes, type DisplayMode } from '../../engine/teach/display.ts';

const VALUES = [-300, -255, -1, 0, 100, 255, 300];
const MODES: DisplayMode[] = ['clip', 'abs', 'normalise', 'wrap'];

export function WrapDemo() {
  const { t } = useTranslation('teach');
  return (
    <details className="teach-wrap" data-testid="conv-wrap-demo">
      <summary>{t('wrap.title')}</summary>
      <p>{t('wrap.explain')}</p>
      <table className="teach-grid">
        <thead>
          <tr>
            <th>{t('wrap.value')}</th>
            {MODES.map((m) => (
              <th key={m}>{t(`display.${m}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {VALUES.map((v, i) => (
            <tr key={v}>
              <td>{v}</td>
              {MODES.map((m) => (
                <td key={m} className={m === 'wrap' && (v < 0 || v > 255) ? 'teach-bad' : undefined}>
                  {toBytes(VALUES, m)[i]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="teach-note">{t('wrap.code')}</p>
    </details>
  );
}
