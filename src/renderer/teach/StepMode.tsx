/**
 * Step mode: the 7×7 curve filter walks over the drawing; each position shows the patch, the element-wise
 * products and their sum (6600 on the curve, 0 on the empty region), as CNN layers compute it (no flip).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CURVE_DRAWING, CURVE_FILTER, CURVE_REGIONS, stepAt } from '../../engine/teach/curve.ts';
import { useTeachStore } from './store.ts';
import { NumberGrid } from './widgets.tsx';

const KH = CURVE_FILTER.length;
const KW = CURVE_FILTER[0].length;
const MAX_Y = CURVE_DRAWING.length - KH;
const MAX_X = CURVE_DRAWING[0].length - KW;

export function StepMode() {
  const { t } = useTranslation('teach');
  const { y, x } = useTeachStore((s) => s.step);
  const setStep = useTeachStore((s) => s.setStep);
  const r = stepAt(CURVE_DRAWING, CURVE_FILTER, y, x);
  const terms = r.products.flat().filter((v) => v !== 0);
  const inWindow = (i: number, j: number) => i >= y && i < y + KH && j >= x && j < x + KW;
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    // Walk left to right along the drawing, one column a step, and start over at the end.
    const id = setInterval(() => {
      const s = useTeachStore.getState().step;
      setStep({ x: s.x >= MAX_X ? 0 : s.x + 1 });
    }, 700);
    return () => clearInterval(id);
  }, [playing, setStep]);
  const move = (dy: number, dx: number) =>
    setStep({ y: Math.min(MAX_Y, Math.max(0, y + dy)), x: Math.min(MAX_X, Math.max(0, x + dx)) });
  return (
    <section className="teach-step" data-testid="conv-step">
      <h3>{t('step.title')}</h3>
      <p>{t('step.explain')}</p>
      <div className="teach-row">
        <button type="button" data-testid="step-left" onClick={() => move(0, -1)}>
          ←
        </button>
        <button type="button" data-testid="step-right" onClick={() => move(0, 1)}>
          →
        </button>
        <button type="button" data-testid="step-play" onClick={() => setPlaying((p) => !p)}>
          {playing ? t('stride.pause') : t('step.walk')}
        </button>
        {CURVE_REGIONS.map((reg) => (
          <button
            key={reg.id}
            type="button"
            data-testid={`step-goto-${reg.id}`}
            onClick={() => setStep({ y: reg.y, x: reg.x })}
          >
            {t(`step.goto.${reg.id}`)}
          </button>
        ))}
        <span data-testid="step-position">{t('step.position', { y, x })}</span>
      </div>
      <div className="teach-row teach-step-grids">
        <NumberGrid
          caption={t('step.drawing')}
          rows={CURVE_DRAWING}
          testId="step-drawing"
          mark={(i, j) =>
            inWindow(i, j)
              ? CURVE_FILTER[i - y][j - x]
                ? 'teach-hot'
                : 'teach-in'
              : CURVE_DRAWING[i][j]
                ? 'teach-ink'
                : undefined
          }
          hover={false}
          onCell={(i, j) => setStep({ y: Math.min(MAX_Y, i), x: Math.min(MAX_X, j) })}
        />
      </div>
      <div className="teach-row teach-step-grids">
        <NumberGrid
          caption={t('step.filter')}
          rows={CURVE_FILTER}
          testId="step-filter"
          mark={(i, j) => (CURVE_FILTER[i][j] ? 'teach-hot' : undefined)}
        />
        <span className="teach-op">×</span>
        <NumberGrid
          caption={t('step.patch')}
          rows={r.patch}
          testId="step-patch"
          mark={(i, j) => (r.patch[i][j] ? 'teach-ink' : undefined)}
        />
        <span className="teach-op">=</span>
        <NumberGrid
          caption={t('step.products')}
          rows={r.products}
          testId="step-products"
          mark={(i, j) => (r.products[i][j] ? 'teach-hot' : undefined)}
        />
      </div>
      <p className="teach-sum">
        {terms.length ? terms.join(' + ') : '0'} = <strong data-testid="step-sum">{r.sum}</strong>
      </p>
      <p className="teach-note">
        {r.sum >= 6600 ? t('step.match') : r.sum === 0 ? t('step.noMatch') : t('step.partial')}
      </p>
    </section>
  );
}
