/**
 * Stride: a kernel's windows over an input grid with padding, one window highlighted at a time (step through
 * them or hover an output cell), and the output-size formula filled in with the chosen numbers.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OUTPUT_SIZE_FORMULA, outputSizeFormula, windowGeometry, windowPositions } from '../../engine/teach/stride.ts';
import { useTeachStore } from './store.ts';
import { NumberInput } from './widgets.tsx';

const CELL = 22;

export function StrideView() {
  const { t } = useTranslation('teach');
  const s = useTeachStore((st) => st.stride);
  const setStride = useTeachStore((st) => st.setStride);
  const [playing, setPlaying] = useState(false);
  const fits = s.input + 2 * s.padding >= s.kernel;
  const win = windowGeometry(s.input, s.input, s.kernel, s.stride, s.padding);
  const positions = fits ? windowPositions(win) : [];
  const index = positions.length ? s.position % positions.length : 0;
  const current = positions[index];
  useEffect(() => {
    if (!playing || !positions.length) return;
    const id = setInterval(
      () => setStride({ position: (useTeachStore.getState().stride.position + 1) % positions.length }),
      600,
    );
    return () => clearInterval(id);
  }, [playing, positions.length, setStride]);

  const padded = s.input + 2 * s.padding;
  const out = fits ? win.out[0] : 0;
  return (
    <div className="teach-view" data-testid="teach-stride">
      <h2>{t('views.stride')}</h2>
      <p className="teach-lead">{t('stride.lead')}</p>
      <div className="teach-controls">
        <NumberInput
          label={t('stride.input')}
          testId="stride-input"
          value={s.input}
          min={1}
          max={32}
          onChange={(input) => setStride({ input, position: 0 })}
        />
        <NumberInput
          label={t('stride.kernel')}
          testId="stride-kernel"
          value={s.kernel}
          min={1}
          max={11}
          onChange={(kernel) => setStride({ kernel, position: 0 })}
        />
        <NumberInput
          label={t('stride.stride')}
          testId="stride-stride"
          value={s.stride}
          min={1}
          max={8}
          onChange={(stride) => setStride({ stride, position: 0 })}
        />
        <NumberInput
          label={t('stride.padding')}
          testId="stride-padding"
          value={s.padding}
          min={0}
          max={8}
          onChange={(padding) => setStride({ padding, position: 0 })}
        />
        <button
          type="button"
          data-testid="stride-step"
          onClick={() => setStride({ position: index + 1 })}
          disabled={!positions.length}
        >
          {t('stride.step')}
        </button>
        <button
          type="button"
          data-testid="stride-play"
          onClick={() => setPlaying((p) => !p)}
          disabled={!positions.length}
        >
          {playing ? t('stride.pause') : t('stride.play')}
        </button>
      </div>
      <p className="teach-formula">
        {t('stride.formulaLabel')} <code>out = {OUTPUT_SIZE_FORMULA}</code>
        <br />
        {fits ? (
          <code data-testid="stride-formula">
            out = {outputSizeFormula(s.input, s.kernel, s.stride, [s.padding, s.padding])}
          </code>
        ) : (
          <span className="teach-error" data-testid="stride-formula">
            {t('stride.tooLarge', { kernel: s.kernel, padded })}
          </span>
        )}
      </p>
      {fits && (s.input + 2 * s.padding - s.kernel) % s.stride !== 0 && (
        <p className="teach-note">{t('stride.leftover', { n: (s.input + 2 * s.padding - s.kernel) % s.stride })}</p>
      )}
      <div className="teach-row">
        <figure className="teach-figure">
          <svg width={padded * CELL} height={padded * CELL} data-testid="stride-grid" className="teach-svg">
            {Array.from({ length: padded * padded }, (_, i) => {
              const y = Math.floor(i / padded);
              const x = i % padded;
              const pad = y < s.padding || x < s.padding || y >= s.padding + s.input || x >= s.padding + s.input;
              return (
                <rect
                  key={i}
                  x={x * CELL}
                  y={y * CELL}
                  width={CELL - 1}
                  height={CELL - 1}
                  className={pad ? 'teach-pad' : 'teach-cell'}
                />
              );
            })}
            {current && (
              <rect
                data-testid="stride-window"
                data-y={current.y}
                data-x={current.x}
                x={(current.x + s.padding) * CELL}
                y={(current.y + s.padding) * CELL}
                width={current.width * CELL - 1}
                height={current.height * CELL - 1}
                className="teach-window"
              />
            )}
          </svg>
          <figcaption>{t('stride.inputCaption', { n: s.input, p: s.padding })}</figcaption>
        </figure>
        <figure className="teach-figure">
          <svg
            width={Math.max(out, 1) * CELL}
            height={Math.max(out, 1) * CELL}
            data-testid="stride-output"
            className="teach-svg"
          >
            {positions.map((p, i) => (
              <rect
                key={i}
                x={p.ox * CELL}
                y={p.oy * CELL}
                width={CELL - 1}
                height={CELL - 1}
                className={i === index ? 'teach-window-cell' : 'teach-cell'}
                onMouseEnter={() => setStride({ position: i })}
                data-testid={`stride-out-${p.oy}-${p.ox}`}
              />
            ))}
          </svg>
          <figcaption>
            {t('stride.output')} <span data-testid="stride-output-size">{`${out}×${out}`}</span>
          </figcaption>
        </figure>
      </div>
    </div>
  );
}
