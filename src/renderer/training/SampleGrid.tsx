/** Test images with the trained network's prediction and the true label (dataset:samples); wrong ones marked. */
import { useTranslation } from 'react-i18next';
import { SampleImage } from './SampleImage.tsx';
import { useTestSamples } from './useTestSamples.ts';

export function SampleGrid({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const { samples, error } = useTestSamples(24, runId);
  if (error) return <p className="panel-error">{error}</p>;
  if (!samples) return <p className="panel-muted">{t('training.loadingSamples')}</p>;
  const wrong = samples.images.filter((im) => im.predicted !== undefined && im.predicted !== im.label).length;
  return (
    <div className="sample-grid-wrap">
      <h4>{t('training.samples', { wrong, count: samples.images.length })}</h4>
      <div className="sample-grid" data-testid="sample-grid">
        {samples.images.map((im, i) => {
          const bad = im.predicted !== undefined && im.predicted !== im.label;
          return (
            <figure
              key={i}
              className={bad ? 'sample is-wrong' : 'sample'}
              data-testid={bad ? 'sample-wrong' : 'sample'}
            >
              <SampleImage pixels={im.pixels} shape={samples.shape} />
              <figcaption>
                <span className="sample-pred">{im.predicted !== undefined ? samples.classes[im.predicted] : '?'}</span>
                {bad && (
                  <span className="sample-true">{t('training.trueLabel', { label: samples.classes[im.label] })}</span>
                )}
              </figcaption>
            </figure>
          );
        })}
      </div>
    </div>
  );
}
