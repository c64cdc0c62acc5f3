/**
 * The model summary tab: every layer's output shape, weights, biases, MACs and receptive field in one table,
 * with the totals, copyable as aligned text or as Markdown. Clicking a row selects the layer on the canvas.
 */
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../engine/format.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import { toast } from '../store/uiStore.ts';
import { summaryMarkdown, summaryRows, summaryText, type SummaryWords } from './modelSummary.ts';
import './SummaryPanel.css';

async function copy(text: string, done: string, failed: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast('success', done);
  } catch {
    toast('error', failed);
  }
}

export function SummaryPanel() {
  const { t } = useTranslation();
  const graph = useDocStore(selectGraph);
  const analysis = useDocStore(selectAnalysis);
  const name = useDocStore((s) => s.name);
  const rows = summaryRows(graph, analysis);
  const words: SummaryWords = {
    layer: t('summary.layer'),
    kind: t('summary.kind'),
    shape: t('summary.shape'),
    weights: t('summary.weights'),
    biases: t('summary.biases'),
    params: t('summary.params'),
    macs: t('summary.macs'),
    field: t('summary.field'),
    wholeImage: t('summary.wholeImage'),
    model: t('summary.model'),
    totals: t('summary.totals', {
      params: fmtInt(analysis.totalParams),
      weights: fmtInt(analysis.totalWeights),
      biases: fmtInt(analysis.totalBiases),
      macs: fmtInt(analysis.totalMacs),
    }),
  };
  const kindName = (kind: string) => t(`kinds.${kind}`, { defaultValue: kind });
  const select = (id: string) => useDocStore.getState().select([id]);
  return (
    <div className="summary-panel" data-testid="summary-panel">
      <div className="summary-actions">
        <button
          type="button"
          className="btn btn-small"
          data-testid="summary-copy-text"
          onClick={() =>
            void copy(summaryText(name, rows, words, kindName), t('summary.copied'), t('summary.copyFailed'))
          }
        >
          {t('summary.copyText')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="summary-copy-markdown"
          onClick={() =>
            void copy(summaryMarkdown(name, rows, words, kindName), t('summary.copied'), t('summary.copyFailed'))
          }
        >
          {t('summary.copyMarkdown')}
        </button>
        <span className="summary-totals" data-testid="summary-totals">
          {words.totals}
        </span>
      </div>
      <div className="summary-scroll">
        <table className="summary-table">
          <thead>
            <tr>
              <th>{words.layer}</th>
              <th>{words.kind}</th>
              <th>{words.shape}</th>
              <th className="num">{words.weights}</th>
              <th className="num">{words.biases}</th>
              <th className="num">{words.params}</th>
              <th className="num">{words.macs}</th>
              <th>{words.field}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="summary-row" data-id={r.id} onClick={() => select(r.id)}>
                <td className="mono">{r.id}</td>
                <td>{kindName(r.kind)}</td>
                <td className="mono">{r.shape}</td>
                <td className="num">{fmtInt(r.weights)}</td>
                <td className="num">{fmtInt(r.biases)}</td>
                <td className="num">{fmtInt(r.params)}</td>
                <td className="num">{fmtInt(r.macs)}</td>
                <td>{r.field ?? (r.computed ? words.wholeImage : '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
