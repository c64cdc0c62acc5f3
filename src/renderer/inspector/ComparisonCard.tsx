/**
 * Conv vs locally connected vs dense vs depthwise separable for the selected layer's input and output
 * (src/engine/compare.ts; shown for the kinds it compares, nothing for the others), with a bar per row on a log
 * scale so 45 and 46,080 both stay visible.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { compareNode } from '../../engine/compare.ts';
import { fmtInt, fmtShape } from '../../engine/format.ts';
import type { ParamValue } from '../../engine/types.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import { say } from '../i18n/engineText.ts';

/** Which padding the figures assume: the same rows with "valid" vs "same" differ (40,500 vs 46,080 weights). */
function paddingNote(t: TFunction, padding: ParamValue | undefined, output: number[]): string {
  const out = output.length === 3 ? `${output[1]}×${output[2]}` : fmtShape(output);
  if (padding === 'same') return t('compare.paddingSame', { out });
  if (typeof padding === 'number' && padding > 0) return t('compare.paddingPixels', { p: padding, out });
  return t('compare.paddingValid', { out });
}

export function ComparisonCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const analysis = useDocStore(selectAnalysis);
  const graph = useDocStore(selectGraph);
  const kind = graph.nodes.find((n) => n.id === id)?.kind;
  const c = compareNode(graph, analysis, id);
  if (!c) return null;
  const max = Math.log10(Math.max(...c.rows.map((r) => r.weights), 10));
  return (
    <section className="inspector-section compare-card" data-testid="compare-card">
      <h3>{t('compare.title')}</h3>
      <p className="compare-io">{t('compare.io', { input: fmtShape(c.input), output: fmtShape(c.output) })}</p>
      <table>
        <thead>
          <tr>
            <th />
            <th>{t('compare.weights')}</th>
            <th>{t('compare.biases')}</th>
            <th>{t('compare.macs')}</th>
          </tr>
        </thead>
        <tbody>
          {c.rows.map((r) => (
            <tr key={r.kind} className={r.kind === kind ? 'is-current' : undefined} data-testid={`compare-${r.kind}`}>
              <th scope="row">{t(`compare.${r.kind}`)}</th>
              <td data-testid={`compare-${r.kind}-weights`}>{fmtInt(r.weights)}</td>
              <td>{fmtInt(r.biases)}</td>
              <td>{fmtInt(r.macs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="compare-bars">
        {c.rows.map((r) => (
          <li key={r.kind}>
            <span className="compare-bar" style={{ width: `${(Math.log10(Math.max(r.weights, 1)) / max) * 100}%` }} />
            <code>{say(t, r.text)}</code>
          </li>
        ))}
      </ul>
      <p className="compare-note" data-testid="compare-padding">
        {paddingNote(t, graph.nodes.find((n) => n.id === id)?.params.padding, c.output)}
      </p>
      <p className="compare-note">{t('compare.note')}</p>
    </section>
  );
}
