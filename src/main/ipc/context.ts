/**
 * What every handler may use: the host's mode, the documents folder, the state stores, native dialogs (Electron
 * only), the window and an event emitter. Electron's main and browser mode's server each build one and hand it
 * to createHandlers; the handlers never know which host they run in beyond `mode`.
 */
import type { ApiEvents, ApiRequests, Channel, EventChannel } from '../../shared/api.ts';
import type { DocumentsFolder } from '../files/folder.ts';
import type { RecentFiles } from '../files/recent.ts';
import type { RecoveryStore } from '../files/recovery.ts';
import type { Services } from './services.ts';

export interface NativeDialogs {
  open(req: ApiRequests['dialog:open']['req']): Promise<string | null>;
  save(req: ApiRequests['dialog:save']['req']): Promise<string | null>;
}

export type Emit = <E extends EventChannel>(event: E, payload: ApiEvents[E]) => void;

export interface HostContext {
  mode: 'electron' | 'browser';
  folder: DocumentsFolder;
  recent: RecentFiles;
  recovery: RecoveryStore;
  dialogs: NativeDialogs | null;
  locale: string;
  setWindowState(state: ApiRequests['window:state']['req']): void;
  emit: Emit;
  services: Services;
}

export type Handler<C extends Channel> = (req: ApiRequests[C]['req']) => Promise<ApiRequests[C]['res']>;
export type Handlers = { [C in Channel]: Handler<C> };
