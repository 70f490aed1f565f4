/** Preference-tuning JSON Lines ({image, prompt, chosen, rejected, reasons} per ranked pair) from the scene's comparisons. */
export { preferenceRows, toJsonLines, exportPreferenceJsonl, type PreferenceRow } from './preference';
