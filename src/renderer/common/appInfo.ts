/** AppInfo, asked once (app:info). */
import type { AppInfo } from '../../shared/api.ts';
import { getApi } from '../host/index.ts';

let info: Promise<AppInfo> | null = null;

export function appInfo(): Promise<AppInfo> {
  info ??= getApi()
    ['app:info']()
    .catch((): AppInfo => ({
      version: '?',
      mode: 'browser',
      platform: 'unknown',
      documentsDir: '',
      locale: 'en',
      nativeDialogs: false,
    }));
  return info;
}
