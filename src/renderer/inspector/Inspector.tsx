/** The right-hand panel: the selected layer's params, its formulas, and the conv/LC/dense comparison. */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { swapTarget } from '../../engine/edit.ts';
import { getLayer } from '../../engine/registry.ts';
import { deleteNode, setNodeParams, swapConvLc } from '../actions/editActions.ts';
import { useDocStore } from '../store/docStore.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { say } from '../i18n/engineText.ts';
import { ComparisonCard } from './ComparisonCard.tsx';
import { DocumentInfo } from './DocumentInfo.tsx';
import { Formulas } from './Formulas.tsx';
import { ParamField } from './ParamField.tsx';
import './Inspector.css';

export function Inspector() {
  const { t } = useTranslation();
  const selected = useDocStore(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  const node = useDocStore((s) => (selected.length === 1 ? s.nodes.find((n) => n.id === selected[0]) : undefined));
  const problems = useDocStore(
    useShallow((s) =>
      node ? [...selectAnalysis(s).errors, ...selectAnalysis(s).warnings].filter((p) => p.nodeId === node.id) : [],
    ),
  );
  if (selected.length > 1) {
    return (
      <div className="inspector" data-testid="inspector">
        <p className="inspector-empty">{t('inspector.many', { count: selected.length })}</p>
      </div>
    );
  }
  if (!node || !node.type) {
    return (
      <div className="inspector" data-testid="inspector">
        <DocumentInfo />
      </div>
    );
  }
  const def = getLayer(node.type)!;
  const swapTo = swapTarget(node.type);
  return (
    <div className="inspector" data-testid="inspector">
      <header className="inspector-head">
        <h2>{t(`kinds.${node.type}`, { defaultValue: def.label })}</h2>
        <code>{node.id}</code>
        <button
          type="button"
          className="btn btn-small inspector-delete"
          data-testid="delete-node"
          title={t('canvasMenu.deleteLayer', { id: node.id })}
          onClick={() => deleteNode(node.id)}
        >
          {t('inspector.delete')}
        </button>
      </header>
      <p className="inspector-desc">{t(`kindHelp.${node.type}`, { defaultValue: def.description })}</p>
      {problems.map((p) => (
        <p key={p.message} className="inspector-problem" role="alert">
          {say(t, p)}
        </p>
      ))}
      <div className="inspector-form">
        {def.params.map((spec) => (
          <ParamField
            key={`${node.id}:${spec.name}:${JSON.stringify(node.data[spec.name] ?? null)}`}
            spec={spec}
            value={node.data[spec.name]}
            onApply={(v) => setNodeParams(node.id, { [spec.name]: v })}
          />
        ))}
        {def.params.length === 0 && <p className="inspector-empty">{t('inspector.noParams')}</p>}
      </div>
      {swapTo && (
        <button type="button" className="btn btn-wide" data-testid="swap-conv-lc" onClick={() => swapConvLc(node.id)}>
          {swapTo === 'locallyConnected2d' ? t('inspector.swapToLc') : t('inspector.swapToConv')}
        </button>
      )}
      <Formulas id={node.id} />
      <ComparisonCard id={node.id} />
    </div>
  );
}
