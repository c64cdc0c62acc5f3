/** The app's version, written into exported models' metadata. Keep in step with package.json. */
export const CONVAS_VERSION = '0.1.0';
