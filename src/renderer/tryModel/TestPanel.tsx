/**
 * Try the model: draw a digit or drop an image, and see the class probabilities as bars and the feature maps of
 * every conv and pool layer for that input, computed here by the engine's own forward (as the Filters view
 * does) with the document's weights — trained ones where they fit, from the training seed elsewhere.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Analysis } from '../../engine/analyze.ts';
import { featureMaps } from '../../engine/teach/features.ts';
import { channelImage } from '../../engine/teach/filters.ts';
import { weightsFromRecord } from '../../engine/weights.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import { ImageCanvas } from '../teach/widgets.tsx';
import { WeightsNote } from '../weights/WeightsNote.tsx';
import { DrawPad } from './DrawPad.tsx';
import { probabilities, toInput, type Grey } from './pixels.ts';
import './TestPanel.css';

const MAP_KINDS = new Set(['conv2d', 'locallyConnected2d', 'depthwiseConv2d', 'maxPool2d', 'avgPool2d']);
const MAX_CHANNELS = 8;

/** Whether the output node ends in a softmax, so its values already are probabilities. */
function endsInSoftmax(graph: ReturnType<typeof selectGraph>, id: string): boolean {
  const p = graph.nodes.find((n) => n.id === id)?.params ?? {};
  return p.activation === 'softmax' || p.fn === 'softmax';
}

function imageShape(a: Analysis): number[] | null {
  const s = a.inputId ? a.nodes[a.inputId].outputShape : null;
  return s && s.length === 3 && (s[0] === 1 || s[0] === 3) ? s : null;
}

export function TestPanel() {
  const { t } = useTranslation();
  const graph = useDocStore(selectGraph);
  const analysis = useDocStore(selectAnalysis);
  const record = useDocStore((s) => s.weights);
  const seed = useDocStore((s) => s.training?.seed ?? 1);
  const classes = useDocStore((s) => s.classes);
  const [grey, setGrey] = useState<Grey | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const onImage = useCallback((g: Grey | null, n?: string) => {
    setGrey(g);
    setNote(n ?? null);
  }, []);
  const shape = imageShape(analysis);
  const weights = useMemo(
    () => (analysis.errors.length || !analysis.inputId ? null : weightsFromRecord(analysis, record, seed).weights),
    [analysis, record, seed],
  );
  const input = useMemo(() => (grey && shape ? toInput(grey, shape) : null), [grey, shape]);
  const result = useMemo(() => {
    if (!input || !weights) return null;
    try {
      return featureMaps(graph, analysis, weights, input);
    } catch (e) {
      return (e as Error).message;
    }
  }, [graph, analysis, weights, input]);

  if (analysis.errors.length) return <p className="panel-muted try-panel">{t('tryModel.fixFirst')}</p>;
  if (!shape) return <p className="panel-muted try-panel">{t('tryModel.notImageInput')}</p>;
  const outId = analysis.outputIds[0];
  const out = result && typeof result !== 'string' && outId ? result.get(outId) : undefined;
  const probs = out ? probabilities(out.data, endsInSoftmax(graph, outId)) : null;
  const names = classes && probs && classes.length === probs.length ? classes : probs?.map((_, i) => String(i));
  const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
  const layers = analysis.order.filter((id) => MAP_KINDS.has(analysis.nodes[id].kind) && analysis.nodes[id].connected);
  return (
    <div className="try-panel" data-testid="try-panel">
      <div className="try-col">
        <p className="try-hint">{t('tryModel.hint', { h: shape[1], w: shape[2] })}</p>
        <DrawPad onImage={onImage} />
        {note && (
          <p className="panel-muted" data-testid="pad-note">
            {note}
          </p>
        )}
        {input && (
          <figure className="try-seen">
            <ImageCanvas
              image={{ data: input.subarray(0, shape[1] * shape[2]), height: shape[1], width: shape[2], channels: 1 }}
              maxSide={56}
              testId="pad-seen"
              label={t('tryModel.seen')}
            />
            <figcaption>{t('tryModel.seen')}</figcaption>
          </figure>
        )}
      </div>
      <div className="try-col try-probs">
        <WeightsNote where="test" show={['partial', 'untrained']} />
        {typeof result === 'string' && <p className="panel-error">{result}</p>}
        {!probs && typeof result !== 'string' && <p className="panel-muted">{t('tryModel.drawFirst')}</p>}
        {probs && names && (
          <ol className="prob-bars" data-testid="prob-bars" data-best={names[best]}>
            {probs.map((p, i) => (
              <li
                key={i}
                className={i === best ? 'is-best' : undefined}
                data-testid="prob-bar"
                data-class={names[i]}
                data-p={p.toFixed(4)}
              >
                <span className="prob-name">{names[i]}</span>
                <span className="prob-track">
                  <span className="prob-fill" style={{ width: `${p * 100}%` }} />
                </span>
                <span className="prob-value">{(p * 100).toFixed(1)}%</span>
              </li>
            ))}
          </ol>
        )}
      </div>
      <div className="try-col try-maps">
        {result && typeof result !== 'string' && layers.length === 0 && (
          <p className="panel-muted">{t('tryModel.noMaps')}</p>
        )}
        {result &&
          typeof result !== 'string' &&
          layers.map((id) => {
            const tensor = result.get(id)!;
            const [, C, h, w] = tensor.shape;
            return (
              <section key={id} className="try-layer" data-testid={`try-fmap-${id}`} data-shape={`${C}x${h}x${w}`}>
                <h4>{t('tryModel.layer', { id, c: C, h, w })}</h4>
                <div className="try-maps-row">
                  {Array.from({ length: Math.min(C, MAX_CHANNELS) }, (_, c) => (
                    <ImageCanvas
                      key={c}
                      image={channelImage(tensor.data, tensor.shape, c)}
                      display="normalise"
                      maxSide={44}
                      label={`${id}[${c}]`}
                    />
                  ))}
                  {C > MAX_CHANNELS && (
                    <span className="panel-muted">{t('tryModel.more', { n: C - MAX_CHANNELS })}</span>
                  )}
                </div>
              </section>
            );
          })}
      </div>
    </div>
  );
}
