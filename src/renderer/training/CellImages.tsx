/**
 * The test images behind one confusion-matrix cell: true class i predicted as j. Fetched with the document's
 * weights (dataset:samples, up to 1,000 test images of a seeded spread over the split) and filtered here.
 */
import { useTranslation } from 'react-i18next';
import { SampleImage } from './SampleImage.tsx';
import { useTestSamples } from './useTestSamples.ts';

const FETCH = 1000;
const SHOW = 24;

export function CellImages({ cell, classes, onClose }: { cell: [number, number]; classes: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const { samples, error } = useTestSamples(FETCH);
  const [i, j] = cell;
  const title = t('training.cellTitle', { true: classes[i], predicted: classes[j] });
  const head = (
    <div className="cell-images-head">
      <h4>{title}</h4>
      <button
        type="button"
        className="btn btn-small"
        data-testid="cell-close"
        onClick={onClose}
        aria-label={t('training.cellClose')}
      >
        ×
      </button>
    </div>
  );
  if (error)
    return (
      <div className="cell-images">
        {head}
        <p className="panel-error">{error}</p>
      </div>
    );
  if (!samples)
    return (
      <div className="cell-images">
        {head}
        <p className="panel-muted">{t('training.loadingSamples')}</p>
      </div>
    );
  const hits = samples.images.filter((im) => im.label === i && im.predicted === j);
  return (
    <div className="cell-images" data-testid="cell-images" data-count={hits.length}>
      {head}
      <p className="panel-muted">{t('training.cellFound', { found: hits.length, searched: samples.images.length })}</p>
      <div className="sample-grid">
        {hits.slice(0, SHOW).map((im, k) => (
          <figure
            key={k}
            className={i === j ? 'sample' : 'sample is-wrong'}
            data-testid="cell-image"
            data-label={im.label}
            data-predicted={im.predicted}
          >
            <SampleImage pixels={im.pixels} shape={samples.shape} />
          </figure>
        ))}
      </div>
    </div>
  );
}
