/**
 * The photos shipped in resources/photos (licences in resources/README.md). They are inlined as data URLs
 * (Vite's ?inline): Electron loads the renderer from file://, where fetch() cannot read files and a file:
 * image would taint the canvas; a data: image does neither, and the CSP allows data: images.
 */
import astronautUrl from '../../../resources/photos/astronaut.jpg?inline';
import chelseaUrl from '../../../resources/photos/chelsea.jpg?inline';
import type { FloatImage } from '../../engine/teach/convolve.ts';
import { imageFromSource } from './scenes.ts';
import type { PhotoId } from './store.ts';

export const PHOTOS: readonly PhotoId[] = ['chelsea', 'astronaut'];
const PHOTO_URLS: Record<PhotoId, string> = { chelsea: chelseaUrl, astronaut: astronautUrl };
const photoCache = new Map<PhotoId, Promise<FloatImage>>();

export function loadPhoto(id: PhotoId): Promise<FloatImage> {
  let p = photoCache.get(id);
  if (!p) {
    const img = new Image();
    img.src = PHOTO_URLS[id];
    p = img.decode().then(() => imageFromSource(img, img.naturalWidth, img.naturalHeight));
    photoCache.set(id, p);
    p.catch(() => photoCache.delete(id));
  }
  return p;
}
