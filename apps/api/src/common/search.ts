/**
 * The pattern for "contains this text" in a LIKE/ILIKE: the user's `%`, `_` and `\` are escaped so a search box
 * matches them literally (PostgreSQL's default LIKE escape character is the backslash). Without it `q=%` would
 * match every row and `q=_` any one character.
 */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
