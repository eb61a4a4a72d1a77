/** Text for an HTML mail or page: the five characters that could open markup become character references. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
