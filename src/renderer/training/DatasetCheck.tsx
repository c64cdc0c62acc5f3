/**
 * Asks the host about the chosen dataset (dataset:info) at the input node's size, and says when the network's
 * output does not match its classes — with a one-click fix for a dense output layer.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';
import { setNodeParams } from '../actions/editActions.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';

export function DatasetCheck({ dataset }: { dataset: string }) {
  const { t } = useTranslation();
  const a = useDocStore(selectAnalysis);
  const graph = useDocStore(selectGraph);
  const inShape = a.inputId ? a.nodes[a.inputId]?.outputShape : null;
  const [info, setInfo] = useState<DatasetInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${dataset}:${inShape?.join('x')}`;
  useEffect(() => {
    let live = true;
    setInfo(null);
    setError(null);
    getApi()
      ['dataset:info']({ dataset, channels: inShape?.[0], height: inShape?.[1], width: inShape?.[2] })
      .then((r) => live && (r.ok ? setInfo(r.info) : setError(r.error)))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  if (error) return <p className="dataset-check is-mismatch">{error}</p>;
  if (!info) return null;
  const outId = a.outputIds[0];
  const outShape = outId ? a.nodes[outId]?.outputShape : null;
  const outNode = graph.nodes.find((n) => n.id === outId);
  const classes = info.classes.length;
  const mismatch = outShape && (outShape.length !== 1 || outShape[0] !== classes);
  return (
    <div className={`dataset-check${mismatch ? ' is-mismatch' : ''}`} data-testid="dataset-check">
      {t('training.datasetInfo', {
        classes,
        train: info.trainCount.toLocaleString(),
        test: info.testCount.toLocaleString(),
        shape: info.shape.join('×'),
      })}
      {mismatch && (
        <>
          <div>{t('training.outputMismatch', { units: outShape.join('×'), classes })}</div>
          {outNode?.kind === 'dense' && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="fix-output-units"
              onClick={() => setNodeParams(outNode.id, { units: classes })}
            >
              {t('training.setUnits', { id: outNode.id, classes })}
            </button>
          )}
        </>
      )}
    </div>
  );
}
