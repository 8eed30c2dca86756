/** Tag colours dark enough for white text (solid tags): state, part, severity. */
export const TAG = {
  blue: '#0b5cad',
  indigo: '#1d39c4',
  gold: '#874d00',
  green: '#237804',
  red: '#a8071a',
  orange: '#ad4e00',
  cyan: '#006d75',
  purple: '#531dab',
  grey: '#595959',
} as const;
