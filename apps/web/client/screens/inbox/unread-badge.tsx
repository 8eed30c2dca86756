/** The unread count beside the inbox in the menu. */
export function UnreadBadge() {
  return null;
}
