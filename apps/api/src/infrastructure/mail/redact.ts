/** E-mail addresses in free text (SMTP replies often quote the recipient) replaced before the text is logged. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]');
}
