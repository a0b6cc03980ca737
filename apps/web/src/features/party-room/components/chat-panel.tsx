import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomSnapshot } from '@partystream/shared/party/party.events';
import { timeIn, viewerTimeZone } from '../../../lib/format';
import type { Act } from '../use-room';

/** The room's chat: everyone writes; the DJ and host can mute, remove and delete; guests can report. */
export function ChatPanel({ snap, act }: { snap: RoomSnapshot; act: Act }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [reported, setReported] = useState<Set<string>>(new Set());
  const list = useRef<HTMLOListElement>(null);
  const tz = viewerTimeZone();
  const staff = snap.role !== 'guest';
  const messages = snap.messages;
  useEffect(() => {
    // Scroll the list only (scrollIntoView would also scroll the page under a reader).
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);
  const remove = (inviteId: string, name: string) => {
    if (window.confirm(t('room.removeConfirm', { name }))) void act('guest.remove', { inviteId });
  };
  return (
    <section className="panel chat" aria-labelledby="chat-h">
      <h2 id="chat-h">{t('room.chat')}</h2>
      <ol ref={list} className="messages" aria-live="polite" aria-relevant="additions">
        {messages.map((m) => {
          const guestId = m.authorInviteId;
          const mine = guestId !== null && guestId === snap.me.inviteId;
          const isMuted = guestId !== null && snap.muted.includes(guestId);
          return (
            <li key={m.id} className={`msg role-${m.authorRole}`}>
              <span className="msg-author">{m.authorName}</span>{' '}
              <span className="msg-time muted">{timeIn(m.createdAt, tz, i18n.language)}</span>
              <p className="msg-text">{m.text}</p>
              <div className="msg-actions">
                {staff && guestId ? (
                  <>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void act(isMuted ? 'guest.unmute' : 'guest.mute', { inviteId: guestId })}
                    >
                      {isMuted ? t('room.unmuteGuest', { name: m.authorName }) : t('room.muteGuest', { name: m.authorName })}
                    </button>
                    <button type="button" className="link-button" onClick={() => remove(guestId, m.authorName)}>
                      {t('room.removeGuest', { name: m.authorName })}
                    </button>
                  </>
                ) : null}
                {!staff && !mine && m.authorRole === 'guest' ? (
                  reported.has(m.id) ? (
                    <span className="muted small">{t('room.reported')}</span>
                  ) : (
                    <button
                      type="button"
                      className="link-button"
                      onClick={async () => {
                        if ((await act('chat.report', { id: m.id })) !== null) setReported((r) => new Set(r).add(m.id));
                      }}
                    >
                      {t('room.report')}
                    </button>
                  )
                ) : null}
              </div>
              {staff ? (
                <button
                  type="button"
                  className="msg-delete"
                  aria-label={t('room.deleteMessage')}
                  onClick={() => void act('chat.delete', { id: m.id })}
                >
                  ×
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
      {snap.me.muted ? (
        <p className="muted small" role="status">
          {t('room.youAreMuted')}
        </p>
      ) : null}
      <form
        className="row chat-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (text.trim() && (await act('chat.send', { text })) !== null) setText('');
        }}
      >
        <label htmlFor="chat-input" className="visually-hidden">
          {t('room.message')}
        </label>
        <input
          id="chat-input"
          value={text}
          maxLength={500}
          disabled={snap.me.muted}
          placeholder={t('room.messagePlaceholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <button className="btn btn-primary" type="submit" disabled={snap.me.muted}>
          {t('room.send')}
        </button>
      </form>
    </section>
  );
}
