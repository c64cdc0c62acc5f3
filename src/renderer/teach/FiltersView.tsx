/**
 * After training: the first layer's filters as small images, every conv/pool layer's feature maps for a chosen
 * input (the engine's own forward, run here in the renderer), and for each locally-connected layer the per-
 * position kernel norms beside the single kernel a convolution would share everywhere.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Analysis } from '../../engine/analyze.ts';
import { fmtInt } from '../../engine/format.ts';
import { pair } from '../../engine/layers/geometry.ts';
import { featureMaps } from '../../engine/teach/features.ts';
import { channelImage, convFilterImage, lcKernelAt, lcKernelNorms, lcMeanKernel } from '../../engine/teach/filters.ts';
import { weightsStatus } from '../../engine/trained.ts';
import { initWeights, weightsFromRecord, type WeightMap } from '../../engine/weights.ts';
import { WeightsNote } from '../weights/WeightsNote.tsx';
import { selectWeightsStatus } from '../weights/weightsStatus.ts';
import { useDocStore } from '../store/docStore.ts';
import { featureMapNodes, inputShapeOf, useNetwork, useNetworkSamples } from './network.ts';
import { useTeachStore } from './store.ts';
import { ImageCanvas, NumberInput } from './widgets.tsx';

const MAP_KINDS = new Set(['conv2d', 'locallyConnected2d', 'depthwiseConv2d', 'maxPool2d', 'avgPool2d']);
const MAX_CHANNELS = 16;

/** The weights the network computes with: trained ones where they fit, from the training seed elsewhere. */
function useWeights(analysis: Analysis, useInitial: boolean): { weights: WeightMap | null; trained: boolean } {
  const record = useDocStore((s) => s.weights);
  const seed = useDocStore((s) => s.training?.seed ?? 1);
  return useMemo(() => {
    if (analysis.errors.length || !analysis.inputId) return { weights: null, trained: false };
    if (record && weightsStatus(analysis, record).state !== 'untrained')
      return { weights: weightsFromRecord(analysis, record, seed).weights, trained: true };
    return { weights: useInitial ? initWeights(analysis, seed) : null, trained: false };
  }, [analysis, record, seed, useInitial]);
}

export function FiltersView() {
  const { t } = useTranslation('teach');
  const { graph, analysis } = useNetwork();
  const settings = useTeachStore((s) => s.filters);
  const setFilters = useTeachStore((s) => s.setFilters);
  const [useInitial, setUseInitial] = useState(false);
  const { weights, trained } = useWeights(analysis, useInitial);
  const partial = useDocStore((s) => selectWeightsStatus(s).state === 'partial');
  const shape = inputShapeOf(analysis);
  const { samples, error: sampleError } = useNetworkSamples(shape);
  const sample = samples.length ? samples[settings.sampleIndex % samples.length] : null;
  const maps = useMemo(() => {
    if (!weights || !sample) return null;
    try {
      return featureMaps(graph, analysis, weights, sample.pixels);
    } catch (e) {
      return (e as Error).message;
    }
  }, [graph, analysis, weights, sample]);

  const header = (
    <>
      <h2>{t('views.filters')}</h2>
      <p className="teach-lead">{t('filters.lead')}</p>
    </>
  );
  if (analysis.errors.length || !shape) {
    return (
      <div className="teach-view" data-testid="teach-filters">
        {header}
        <p className="teach-placeholder">{t('filters.fixErrors')}</p>
      </div>
    );
  }
  if (!weights) {
    return (
      <div className="teach-view" data-testid="teach-filters">
        {header}
        <p className="teach-placeholder" data-testid="filters-untrained">
          {t('filters.untrained')}
        </p>
        <button type="button" data-testid="filters-use-initial" onClick={() => setUseInitial(true)}>
          {t('filters.useInitial')}
        </button>
      </div>
    );
  }
  const layers = featureMapNodes(analysis).filter((id) => MAP_KINDS.has(graph.nodes.find((n) => n.id === id)!.kind));
  const first = analysis.order.find((id) => analysis.nodes[id].connected && analysis.nodes[id].kind === 'conv2d');
  const lcs = layers.filter((id) => analysis.nodes[id].kind === 'locallyConnected2d');
  return (
    <div className="teach-view" data-testid="teach-filters">
      {header}
      {trained && partial ? (
        <WeightsNote where="filters" />
      ) : (
        <p className="teach-note" data-testid="filters-source">
          {trained ? t('filters.trained') : t('filters.initial')}
        </p>
      )}
      {first && <FirstFilters id={first} W={weights[first].W} shape={analysis.nodes[first].tensors[0].shape} />}
      <div className="teach-controls">
        <NumberInput
          label={t('filters.sample')}
          testId="filters-sample"
          value={settings.sampleIndex}
          min={0}
          max={11}
          onChange={(sampleIndex) => setFilters({ sampleIndex })}
        />
        {sample && <ImageCanvas image={sample.image} maxSide={56} testId="filters-input" label={sample.label} />}
        {sample && <span>{sample.label}</span>}
        {!sample && (
          <span className={sampleError ? 'teach-error' : 'teach-note'}>
            {sampleError ?? t('filters.loadingSamples')}
          </span>
        )}
      </div>
      {typeof maps === 'string' && <p className="teach-error">{maps}</p>}
      {maps && typeof maps !== 'string' && (
        <section>
          <h3>{t('filters.mapsTitle')}</h3>
          {layers.map((id) => {
            const tensor = maps.get(id)!;
            const [, C, h, w] = tensor.shape;
            return (
              <div key={id} className="teach-maps" data-testid={`fmap-${id}`} data-shape={`${C}x${h}x${w}`}>
                <h4>{t('filters.layer', { id, kind: analysis.nodes[id].kind, c: C, h, w })}</h4>
                <div className="teach-row">
                  {Array.from({ length: Math.min(C, MAX_CHANNELS) }, (_, c) => (
                    <ImageCanvas
                      key={c}
                      image={channelImage(tensor.data, tensor.shape, c)}
                      display="normalise"
                      maxSide={64}
                      label={`${id}[${c}]`}
                    />
                  ))}
                  {C > MAX_CHANNELS && <span className="teach-note">{t('filters.more', { n: C - MAX_CHANNELS })}</span>}
                </div>
              </div>
            );
          })}
        </section>
      )}
      {lcs.map((id) => (
        <LcHeat
          key={id}
          id={id}
          analysis={analysis}
          W={weights[id].W}
          params={graph.nodes.find((n) => n.id === id)!.params}
        />
      ))}
    </div>
  );
}

function FirstFilters(props: { id: string; W: Float32Array; shape: number[] }) {
  const { t } = useTranslation('teach');
  const F = props.shape[0];
  return (
    <section data-testid="filters-first" data-count={F}>
      <h3>{t('filters.firstTitle', { id: props.id, n: F, h: props.shape[2], w: props.shape[3] })}</h3>
      <div className="teach-row">
        {Array.from({ length: Math.min(F, 32) }, (_, f) => (
          <ImageCanvas
            key={f}
            image={convFilterImage(props.W, props.shape, f)}
            display="normalise"
            maxSide={48}
            label={`${props.id} #${f}`}
          />
        ))}
      </div>
    </section>
  );
}

function LcHeat(props: { id: string; analysis: Analysis; W: Float32Array; params: Record<string, unknown> }) {
  const { t } = useTranslation('teach');
  const [pos, setPos] = useState(0);
  const filter = useTeachStore((s) => s.filters.lcFilter);
  const setFilters = useTeachStore((s) => s.setFilters);
  const info = props.analysis.nodes[props.id];
  const [F, outH, outW] = info.outputShape!;
  const C = info.inputShapes[0][0];
  const [kh, kw] = pair(props.params.kernelSize as number);
  const K = C * kh * kw;
  const f = Math.min(filter, F - 1);
  const heat = lcKernelNorms(props.W, outH, outW, K, F, f);
  const p = Math.min(pos, outH * outW - 1);
  const convWeights = F * C * kh * kw;
  return (
    <section data-testid={`lc-${props.id}`} className="teach-lc">
      <h3>{t('filters.lcTitle', { id: props.id })}</h3>
      <p>{t('filters.lcExplain', { lc: fmtInt(info.weights), conv: fmtInt(convWeights) })}</p>
      <NumberInput
        label={t('filters.filter')}
        testId={`lc-filter-${props.id}`}
        value={f}
        min={0}
        max={F - 1}
        onChange={(lcFilter) => setFilters({ lcFilter })}
      />
      <div className="teach-row">
        <figure className="teach-figure">
          <ImageCanvas
            image={heat}
            display="normalise"
            colormap="heat"
            maxSide={168}
            testId={`lc-heat-${props.id}`}
            label={t('filters.heat')}
            highlights={[{ y: Math.floor(p / outW), x: p % outW, height: 1, width: 1 }]}
            onHover={(y, x) => setPos(y * outW + x)}
          />
          <figcaption>{t('filters.heat')}</figcaption>
        </figure>
        <figure className="teach-figure">
          <ImageCanvas
            image={lcKernelAt(props.W, K, F, p, f, 0, kh, kw)}
            display="normalise"
            maxSide={84}
            label={t('filters.kernelHere', { y: Math.floor(p / outW), x: p % outW })}
          />
          <figcaption>{t('filters.kernelHere', { y: Math.floor(p / outW), x: p % outW })}</figcaption>
        </figure>
        <figure className="teach-figure">
          <ImageCanvas
            image={lcMeanKernel(props.W, outH * outW, K, F, f, 0, kh, kw)}
            display="normalise"
            maxSide={84}
            label={t('filters.shared')}
          />
          <figcaption>{t('filters.shared')}</figcaption>
        </figure>
      </div>
    </section>
  );
}
