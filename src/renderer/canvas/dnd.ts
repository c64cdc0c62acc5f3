/** The drag-and-drop payload type between the palette and the canvas. */
export const DRAG_MIME = 'application/x-convas-kind';
