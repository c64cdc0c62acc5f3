/** Test images with the trained network's prediction and the true label (dataset:samples); wrong ones marked. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SampleImages } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';
import { trainingOf } from '../lib/trainingDefaults.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { currentDocument, useDocStore } from '../store/docStore.ts';
import { SampleImage } from './SampleImage.tsx';

export function SampleGrid({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const [samples, setSamples] = useState<SampleImages | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const s = useDocStore.getState();
    const a = selectAnalysis(s);
    const settings = trainingOf(s.training, a);
    const inShape = a.inputId ? a.nodes[a.inputId].outputShape : null;
    let live = true;
    getApi()
      ['dataset:samples']({
        dataset: settings.dataset,
        channels: inShape?.[0],
        height: inShape?.[1],
        width: inShape?.[2],
        split: 'test',
        count: 24,
        document: currentDocument(),
      })
      .then((r) => {
        if (!live) return;
        if (r.ok) setSamples(r);
        else setError(r.error);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [runId]);
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
