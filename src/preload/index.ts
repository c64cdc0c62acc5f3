/**
 * The preload: exposes the typed Api as `window.convas`, one method per channel (Insomnia's entry.preload.ts),
 * never a generic invoke pass-through — the page can reach exactly these channels and no others. It runs
 * sandboxed, so it is bundled into one CommonJS file and may import only 'electron' (and types).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Api, ApiEvents, EventChannel } from '../shared/api.ts';

const EVENTS: readonly EventChannel[] = ['train:event', 'menu:command', 'menu:openRecent'];

const api: Api = {
  'app:info': () => ipcRenderer.invoke('app:info'),
  'dialog:open': (req) => ipcRenderer.invoke('dialog:open', req),
  'dialog:save': (req) => ipcRenderer.invoke('dialog:save', req),
  'fs:list': (req) => ipcRenderer.invoke('fs:list', req),
  'file:open': (req) => ipcRenderer.invoke('file:open', req),
  'file:save': (req) => ipcRenderer.invoke('file:save', req),
  'file:recent': () => ipcRenderer.invoke('file:recent'),
  'recovery:save': (req) => ipcRenderer.invoke('recovery:save', req),
  'recovery:load': () => ipcRenderer.invoke('recovery:load'),
  'recovery:clear': () => ipcRenderer.invoke('recovery:clear'),
  'window:state': (req) => ipcRenderer.invoke('window:state', req),
  'dataset:info': (req) => ipcRenderer.invoke('dataset:info', req),
  'dataset:samples': (req) => ipcRenderer.invoke('dataset:samples', req),
  'train:start': (req) => ipcRenderer.invoke('train:start', req),
  'train:stop': (req) => ipcRenderer.invoke('train:stop', req),
  'train:eval': (req) => ipcRenderer.invoke('train:eval', req),
  'onnx:export': (req) => ipcRenderer.invoke('onnx:export', req),
  'onnx:import': (req) => ipcRenderer.invoke('onnx:import', req),
  'onnx:check': (req) => ipcRenderer.invoke('onnx:check', req),
  'pytorch:export': (req) => ipcRenderer.invoke('pytorch:export', req),
  on<E extends EventChannel>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (!EVENTS.includes(event)) throw new Error(`convas.on: unknown event ${JSON.stringify(event)}`);
    // Wrap the listener so the page never sees the IpcRendererEvent (it exposes `sender`).
    const wrapped = (_e: IpcRendererEvent, payload: ApiEvents[E]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('convas', api);
