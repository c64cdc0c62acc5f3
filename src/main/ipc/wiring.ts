/**
 * The real services behind the ports in ./services.ts, and the one function both hosts use to build their
 * HostContext.
 */
import { DocumentsFolder } from '../files/folder.ts';
import { RecentFiles } from '../files/recent.ts';
import { RecoveryStore } from '../files/recovery.ts';
import type { Emit, HostContext, NativeDialogs } from './context.ts';
import { TrainingService } from '../training/service.ts';
import { unavailable, type Services } from './services.ts';

export function createServices(): Services {
  const notYet = (what: string) => async () => unavailable(what, 'not available yet');
  return {
    training: new TrainingService(),
    onnx: {
      exportOnnx: notYet('ONNX export'),
      importOnnx: notYet('ONNX import'),
      checkOnnx: notYet('ONNX check'),
    },
  };
}

export interface HostOptions {
  mode: 'electron' | 'browser';
  documentsDir: string;
  stateDir: string;
  dialogs: NativeDialogs | null;
  locale?: string;
  emit: Emit;
  setWindowState?: HostContext['setWindowState'];
  onRecentChange?: (list: string[]) => void;
  services?: Services;
}

export function createHostContext(o: HostOptions): HostContext {
  return {
    mode: o.mode,
    // Browser mode confines every path to the documents folder; Electron's native dialogs may pick any path.
    folder: new DocumentsFolder(o.documentsDir, o.mode === 'browser'),
    recent: new RecentFiles(o.stateDir, o.onRecentChange),
    recovery: new RecoveryStore(o.stateDir),
    dialogs: o.dialogs,
    locale: o.locale ?? Intl.DateTimeFormat().resolvedOptions().locale ?? 'en-US',
    setWindowState: o.setWindowState ?? (() => {}),
    emit: o.emit,
    services: o.services ?? createServices(),
  };
}
