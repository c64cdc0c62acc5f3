export const ROOT: string;
export function findElectron(): { bin: string; reason?: undefined } | { reason: string; bin?: undefined };
