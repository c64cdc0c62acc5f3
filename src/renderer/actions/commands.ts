/** One dispatcher for menu:command events, keyboard shortcuts and toolbar buttons. */
import type { ReactFlowInstance } from '@xyflow/react';
import type { MenuCommand } from '../../shared/api.ts';
import { importOnnx, newDocument, openDocument, saveDocument, saveDocumentAs } from '../documents/fileActions.ts';
import { toggleLanguage } from '../i18n/index.ts';
import { useDocStore } from '../store/docStore.ts';
import { useUiStore } from '../store/uiStore.ts';
import { appInfo } from '../common/appInfo.ts';
import { fitReadable } from '../canvas/fit.ts';
import { autoLayout, copySelection, cutSelection, deleteSelection, paste } from './editActions.ts';

export type Command = MenuCommand | 'edit:autoLayout';

let flow: ReactFlowInstance | null = null;
/** Set by the canvas once React Flow is ready, so view commands can reach it. */
export function setFlowInstance(instance: ReactFlowInstance | null): void {
  flow = instance;
}

export function runCommand(cmd: Command): void {
  const doc = useDocStore.getState();
  const ui = useUiStore.getState();
  switch (cmd) {
    case 'file:new':
      return void newDocument();
    case 'file:open':
      return void openDocument();
    case 'file:save':
      return void saveDocument();
    case 'file:saveAs':
      return void saveDocumentAs();
    case 'file:exportOnnx':
      return ui.openBottom('export');
    case 'file:importOnnx':
      return void importOnnx();
    case 'edit:undo':
      return doc.undo();
    case 'edit:redo':
      return doc.redo();
    case 'edit:cut':
      return cutSelection();
    case 'edit:copy':
      return void copySelection();
    case 'edit:paste':
      return paste();
    case 'edit:delete':
      return deleteSelection();
    case 'edit:selectAll':
      return doc.selectAll();
    case 'edit:autoLayout':
      autoLayout();
      setTimeout(() => flow && fitReadable(flow, 200), 50);
      return;
    case 'view:fit':
      return void (flow && fitReadable(flow, 200));
    case 'view:zoomIn':
      return void flow?.zoomIn({ duration: 150 });
    case 'view:zoomOut':
      return void flow?.zoomOut({ duration: 150 });
    case 'view:theme':
      return ui.toggleTheme();
    case 'view:language':
      return toggleLanguage();
    case 'help:about':
      void appInfo().then((info) => ui.toast('info', `Convas ${info.version} · ${info.mode} · ${info.platform}`));
      return;
  }
}
