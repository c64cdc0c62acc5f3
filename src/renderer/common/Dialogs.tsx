/** Renders the pending in-page dialog (confirm or file picker), if any. */
import { useEffect, useRef } from 'react';
import { FilePicker } from './FilePicker.tsx';
import { useDialogStore } from './dialogs.ts';
import './Dialogs.css';

export function Dialogs() {
  const askReq = useDialogStore((s) => s.ask);
  const pick = useDialogStore((s) => s.pick);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Focus the safe choice: an Enter still travelling from the field that caused the question must not confirm it.
  useEffect(() => cancelRef.current?.focus(), [askReq]);
  if (pick) return <FilePicker request={pick} />;
  if (!askReq) return null;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && askReq.resolve(false)}>
      <div className="modal" role="alertdialog" aria-modal="true" data-testid="confirm-dialog">
        <p>{askReq.message}</p>
        <div className="modal-actions">
          <button
            type="button"
            ref={cancelRef}
            className="btn"
            onClick={() => askReq.resolve(false)}
            data-testid="confirm-cancel"
          >
            {askReq.cancel}
          </button>
          <button
            type="button"
            className={`btn ${askReq.danger ? 'btn-danger' : 'btn-accent'}`}
            onClick={() => askReq.resolve(true)}
            data-testid="confirm-ok"
          >
            {askReq.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
