/**
 * Receptive field on the user's own network: pick a layer, hover one of its output units, and the input
 * region that unit sees is outlined on a sample image. The region's size is the engine's receptive-field figure
 * (the Inspector's and `convas summary`'s); near the border part of it is padding, so the outline is clipped.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { receptiveRegion } from '../../engine/teach/receptive.ts';
import { featureMapNodes, inputShapeOf, useNetwork, useNetworkSamples } from './network.ts';
import { useTeachStore } from './store.ts';
import { ImageCanvas, NumberInput, Select } from './widgets.tsx';

export function ReceptiveView() {
  const { t } = useTranslation('teach');
  const { graph, analysis } = useNetwork();
  const rf = useTeachStore((s) => s.receptive);
  const setRf = useTeachStore((s) => s.setReceptive);
  const layers = featureMapNodes(analysis);
  const nodeId = rf.nodeId && layers.includes(rf.nodeId) ? rf.nodeId : (layers[layers.length - 1] ?? null);
  const shape = inputShapeOf(analysis);
  const { samples, error } = useNetworkSamples(shape);
  const out = nodeId ? analysis.nodes[nodeId].outputShape! : null;
  const unit: [number, number] = out
    ? [
        Math.min(rf.unit?.[0] ?? Math.floor(out[1] / 2), out[1] - 1),
        Math.min(rf.unit?.[1] ?? Math.floor(out[2] / 2), out[2] - 1),
      ]
    : [0, 0];
  const region = nodeId ? receptiveRegion(graph, analysis, nodeId, unit[0], unit[1]) : null;
  const engine = nodeId ? analysis.nodes[nodeId].receptiveField : null;
  const blank = useMemo(
    () =>
      shape
        ? { data: new Float32Array(shape[1] * shape[2]).fill(40), height: shape[1], width: shape[2], channels: 1 }
        : null,
    [shape],
  );
  const sample = samples.length ? samples[rf.sampleIndex % samples.length].image : blank;
  const outH = out?.[1];
  const outW = out?.[2];
  const unitGrid = useMemo(
    () =>
      outH !== undefined && outW !== undefined
        ? { data: new Float32Array(outH * outW).fill(70), height: outH, width: outW, channels: 1 }
        : null,
    [outH, outW],
  );

  if (!shape || !layers.length || !nodeId || !out) {
    return (
      <div className="teach-view" data-testid="teach-receptive">
        <h2>{t('views.receptive')}</h2>
        <p className="teach-lead">{t('rf.lead')}</p>
        <p className="teach-placeholder" data-testid="rf-empty">
          {t('rf.empty')}
        </p>
      </div>
    );
  }
  const c = region?.clipped;
  return (
    <div className="teach-view" data-testid="teach-receptive">
      <h2>{t('views.receptive')}</h2>
      <p className="teach-lead">{t('rf.lead')}</p>
      <div className="teach-controls">
        <Select
          label={t('rf.layer')}
          testId="rf-layer"
          value={nodeId}
          options={layers.map((id) => ({
            value: id,
            label: `${id} (${analysis.nodes[id].kind}, ${analysis.nodes[id].outputShape!.slice(1).join('×')})`,
          }))}
          onChange={(v) => setRf({ nodeId: v, unit: null })}
        />
        <NumberInput
          label={t('rf.sample')}
          testId="rf-sample"
          value={rf.sampleIndex}
          min={0}
          max={11}
          onChange={(sampleIndex) => setRf({ sampleIndex })}
        />
      </div>
      {error && <p className="teach-error">{error}</p>}
      <div className="teach-row">
        <figure className="teach-figure">
          {unitGrid && (
            <ImageCanvas
              image={unitGrid}
              maxSide={224}
              testId="rf-units"
              label={t('rf.units')}
              highlights={[{ y: unit[0], x: unit[1], height: 1, width: 1 }]}
              onHover={(y, x) => setRf({ nodeId, unit: [y, x] })}
            />
          )}
          <figcaption>{t('rf.unitsCaption', { id: nodeId, h: out[1], w: out[2] })}</figcaption>
        </figure>
        <figure className="teach-figure" data-testid="rf-sample-figure" data-ready={samples.length > 0}>
          {sample && (
            <ImageCanvas
              image={sample}
              maxSide={224}
              testId="rf-image"
              label={t('rf.image')}
              highlights={c && region?.local ? [{ ...c }] : []}
            />
          )}
          <figcaption>{t('rf.imageCaption')}</figcaption>
        </figure>
      </div>
      {region && (
        <div className="teach-facts" data-testid="rf-facts">
          <p>
            {t('rf.unit', { id: nodeId, y: unit[0], x: unit[1] })}{' '}
            <strong data-testid="rf-size" data-height={region.region.height} data-width={region.region.width}>
              {region.local ? `${region.region.height}×${region.region.width}` : t('rf.whole')}
            </strong>
          </p>
          <p>
            {t('rf.engine')}{' '}
            <span data-testid="rf-engine">{engine ? `${engine.size[0]}×${engine.size[1]}` : t('rf.whole')}</span>
          </p>
          {region.local && (
            <p
              data-testid="rf-region"
              data-y={region.region.y}
              data-x={region.region.x}
              data-clipped={`${c!.y},${c!.x},${c!.height},${c!.width}`}
            >
              {t('rf.rows', {
                y0: region.region.y,
                y1: region.region.y + region.region.height - 1,
                x0: region.region.x,
                x1: region.region.x + region.region.width - 1,
              })}
              {(c!.height !== region.region.height || c!.width !== region.region.width) &&
                ` ${t('rf.clipped', { h: c!.height, w: c!.width })}`}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
