/** Lower case without Vietnamese diacritics: a search for "so tai chinh" finds "Sở Tài chính". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Whether any of the texts holds the query, case and accents aside; an empty query matches everything. */
export function matches(query: string, ...texts: (string | null | undefined)[]): boolean {
  const q = fold(query.trim());
  return q === '' || texts.some((t) => t && fold(t).includes(q));
}
