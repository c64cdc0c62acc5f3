/**
 * The real services behind the ports in ./services.ts, and the one function both hosts use to build their
 * HostContext.
 */
import { DocumentsFolder } from '../files/folder.ts';
import { RecentFiles } from '../files/recent.ts';
import { RecoveryStore } from '../files/recovery.ts';
import type { Emit, HostContext, NativeDialogs } from './context.ts';
import { TrainingService } from '../training/service.ts';
import { unavailable, type OnnxPort, type Services } from './services.ts';

/**
 * The ONNX service loads onnxruntime-node's native library: import it on first use, so the window (or the
 * server) comes up without waiting for it, and a broken native install fails only the ONNX panel, with a message.
 */
function lazyOnnx(): OnnxPort {
  let loading: Promise<OnnxPort> | null = null;
  const load = () => (loading ??= import('../onnx/index.ts').then((m) => new m.OnnxService()));
  const via =
    <K extends keyof OnnxPort>(method: K, what: string) =>
    async (req: Parameters<OnnxPort[K]>[0]) => {
      let service: OnnxPort;
      try {
        service = await load();
      } catch (e) {
        loading = null; // let a later call try again
        return unavailable(what, `onnxruntime could not be loaded (${(e as Error).message})`);
      }
      return (service[method] as (r: typeof req) => ReturnType<OnnxPort[K]>)(req);
    };
  return {
    exportOnnx: via('exportOnnx', 'ONNX export'),
    importOnnx: via('importOnnx', 'ONNX import'),
    checkOnnx: via('checkOnnx', 'the ONNX check'),
  } as OnnxPort;
}

export function createServices(): Services {
  return { training: new TrainingService(), onnx: lazyOnnx() };
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
  const recent = new RecentFiles(o.stateDir, o.onRecentChange);
  return {
    mode: o.mode,
    // Browser mode confines every path to the documents folder; Electron also allows what the user chose in a
    // native dialog this session and the recent list.
    folder: new DocumentsFolder(o.documentsDir, o.mode === 'electron' ? { recent: () => recent.list() } : null),
    recent,
    recovery: new RecoveryStore(o.stateDir),
    dialogs: o.dialogs,
    locale: o.locale ?? Intl.DateTimeFormat().resolvedOptions().locale ?? 'en-US',
    setWindowState: o.setWindowState ?? (() => {}),
    emit: o.emit,
    services: o.services ?? createServices(),
  };
}
