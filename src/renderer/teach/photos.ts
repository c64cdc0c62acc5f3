/** The photos shipped in resources/photos (licences in resources/README.md), decoded in the browser. */
import astronautUrl from '../../../resources/photos/astronaut.jpg';
import chelseaUrl from '../../../resources/photos/chelsea.jpg';
import type { FloatImage } from '../../engine/teach/convolve.ts';
import { decodeImageFile } from './scenes.ts';
import type { PhotoId } from './store.ts';

/** Photos shipped in resources/photos (licences in resources/README.md). */
export const PHOTOS: readonly PhotoId[] = ['chelsea', 'astronaut'];
const PHOTO_URLS: Record<PhotoId, string> = { chelsea: chelseaUrl, astronaut: astronautUrl };
const photoCache = new Map<PhotoId, Promise<FloatImage>>();

export function loadPhoto(id: PhotoId): Promise<FloatImage> {
  let p = photoCache.get(id);
  if (!p) {
    p = fetch(PHOTO_URLS[id])
      .then((r) => {
        if (!r.ok) throw new Error(`${PHOTO_URLS[id]}: HTTP ${r.status}`);
        return r.blob();
      })
      .then((b) => decodeImageFile(b));
    photoCache.set(id, p);
    p.catch(() => photoCache.delete(id));
  }
  return p;
}
