import { memo, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addAfterSelection } from '../actions/editActions.ts';
import { DRAG_MIME } from '../canvas/dnd.ts';

function onDragStart(e: DragEvent, kind: string) {
  e.dataTransfer.setData(DRAG_MIME, kind);
  e.dataTransfer.effectAllowed = 'copy';
}

export const PaletteItem = memo(function PaletteItem({
  kind,
  label,
  description,
}: {
  kind: string;
  label: string;
  description: string;
}) {
  const { t } = useTranslation();
  return (
    <div
      className={`palette-item${kind === 'locallyConnected2d' ? ' is-lc' : ''}`}
      draggable
      onDragStart={(e) => onDragStart(e, kind)}
      onDoubleClick={() => addAfterSelection(kind)}
      onKeyDown={(e) => e.key === 'Enter' && addAfterSelection(kind)}
      tabIndex={0}
      role="button"
      title={t(`kindHelp.${kind}`, { defaultValue: description })}
      data-testid={`palette-${kind}`}
    >
      <span className="palette-item-label">{t(`kinds.${kind}`, { defaultValue: label })}</span>
    </div>
  );
});
