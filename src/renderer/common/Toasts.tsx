import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';

export function Toasts() {
  const { t } = useTranslation();
  const toasts = useUiStore((s) => s.toasts);
  const dismiss = useUiStore((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((x) => (
        <div
          key={x.id}
          className={`toast is-${x.kind}`}
          role={x.kind === 'error' ? 'alert' : 'status'}
          data-testid={`toast-${x.kind}`}
        >
          <span>{x.text}</span>
          {x.action && (
            <button
              type="button"
              className="btn btn-small btn-accent toast-action"
              data-testid="toast-action"
              onClick={() => {
                x.action!.run();
                dismiss(x.id);
              }}
            >
              {x.action.label}
            </button>
          )}
          <button type="button" aria-label={t('dialogs.close')} onClick={() => dismiss(x.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
