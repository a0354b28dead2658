import { describe, expect, it } from 'vitest'
import { isAttachment, MessageEcho, MessageEchoItem } from '../../src/index.js'
import {
  APP_ID,
  AT,
  body,
  decode,
  fixture,
  IG_ACCOUNT_ID,
  IGSID,
  itemOf,
  narrow,
  PAGE_ID,
  PAGE_INBOX_APP_ID,
  PSID,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const fromPage = { sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp: 1457764197627 }
const echo = { ...fromPage, message: { is_echo: true, app_id: APP_ID, mid: 'm_Echo0001', text: 'hello, world!' } }

describe('message_echo', () => {
  describe('decodes each documented variant', () => {
    it('decodes a text echo: the Page is the sender, the person the recipient', () => {
      const b = fixture('messenger/message_echo.text.json')
      const e = soleEvent(b, 'message_echo')
      expect(e.sender).toEqual({ id: PAGE_ID })
      expect(e.recipient).toEqual({ id: PSID })
      expect(e.message.is_echo).toBe(true)
      expect(e.message.metadata).toBe('ORDER_FLOW_STEP_3')
      expect(e.message.text).toBe('hello, world!')
      expect(e.message.mid).toBe('mid.1457764197618:41d102a3e1ae206a38')
      expect(e.timestamp).toBe(1457764197627)
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1457764197700, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a Page Inbox template echo on the standby channel; the template payload is kept as sent', () => {
      const b = fixture('messenger/message_echo.template-standby.json')
      const e = soleEvent(b, 'message_echo')
      expect(e.channel).toBe('standby')
      expect(e.path).toBe('entry[0].standby[0]')
      expect(e.message.app_id).toBe(PAGE_INBOX_APP_ID)
      const a = e.message.attachments?.[0]
      if (a === undefined || !isAttachment(a, 'template')) throw new Error('expected a template attachment')
      expect(a.title).toBe('')
      expect(a.url).toBe('https://www.facebook.com/commerce/update/')
      expect(a.payload.template_type).toBe('media')
      expect(a.payload.elements).toEqual([{ media_type: 'image', attachment_id: 2457235337685388 }])
      expect(e.raw).toBe(itemOf(b, 'standby'))
    })

    it('decodes a fallback echo with a null payload and attachment-level title and url', () => {
      const e = soleEvent(fixture('messenger/message_echo.fallback.json'), 'message_echo')
      expect(e.message.attachments).toEqual([
        { title: 'Legacy Attachment', url: 'https://www.messenger.com/', type: 'fallback', payload: null },
      ])
    })

    it('decodes a receipt template echo with "url": null and the legacy seq', () => {
      const e = soleEvent(fixture('messenger/message_echo.receipt-template.json'), 'message_echo')
      expect(e.message.seq).toBe(77)
      const a = e.message.attachments?.[0]
      if (a === undefined || !isAttachment(a, 'template')) throw new Error('expected a template attachment')
      expect(a.url).toBeNull()
      expect(a.payload.template_type).toBe('receipt')
    })

    it('decodes an Instagram echo: no app_id, sender equals entry.id', () => {
      const e = soleEvent(fixture('instagram/message_echo.text.json'), 'message_echo')
      expect(e.platform).toBe('instagram')
      expect(e.sender.id).toBe(IG_ACCOUNT_ID)
      expect(e.sender.id).toBe(e.entry.id)
      expect(e.recipient.id).toBe(IGSID)
      expect(e.message.app_id).toBeUndefined()
      expect(e.message.text).toBe('Thanks, we will reply soon')
    })
  })

  describe('classification', () => {
    it('classifies message.is_echo === true as message_echo and false as message', () => {
      const inbound = { ...fromPage, message: { ...echo.message, is_echo: false } }
      const d = decode(body([echo, inbound]))
      expect(d.events.map((e) => e.type)).toEqual(['message_echo', 'message'])
    })
  })

  describe('normalisation', () => {
    it('decodes the numeric app_id 1517776481860111 to a string; raw keeps the number', () => {
      const b = fixture('messenger/message_echo.text.json')
      const e = soleEvent(b, 'message_echo')
      expect(e.message.app_id).toBe('1517776481860111')
      expect(e.raw).toBe(itemOf(b))
      expect((itemOf(b).message as { app_id: unknown }).app_id).toBe(1517776481860111)
    })
  })

  describe('failures', () => {
    it.each([
      ['mid is missing', { is_echo: true, text: 'x' }, 'message.mid', 'missing required property "mid" (string)'],
      [
        'app_id is a boolean',
        { is_echo: true, mid: 'm', app_id: true },
        'message.app_id',
        'expected an ID (a string or a whole number), got boolean true',
      ],
      [
        'app_id is a fraction',
        { is_echo: true, mid: 'm', app_id: 1.5 },
        'message.app_id',
        'expected an ID (a string or a whole number), got number 1.5',
      ],
      [
        'metadata is a number',
        { is_echo: true, mid: 'm', metadata: 3 },
        'message.metadata',
        'expected a string, got number 3',
      ],
      [
        'the text is an object',
        { is_echo: true, mid: 'm', text: {} },
        'message.text',
        'expected a string, got an object',
      ],
    ])('rejects an echo where %s', (_case, message, path, text) => {
      const bad = soleInvalid(body([{ ...fromPage, message }]))
      expect(bad.type).toBe('message_echo')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${text}`)
    })

    it('does not let a bad echo affect a valid neighbour in the same body', () => {
      const badItem = { ...fromPage, message: { is_echo: true } }
      const d = decode(body([badItem, echo]))
      expect(narrow(d.events[0], 'message_echo').raw).toBe(echo)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.message.mid`])
    })
  })

  describe('codecs', () => {
    it('MessageEcho.is needs is_echo true', () => {
      expect(MessageEcho.is({ mid: 'm_1', is_echo: true, app_id: APP_ID })).toBe(true)
      expect(MessageEcho.is({ mid: 'm_1', is_echo: false })).toBe(false)
      expect(MessageEcho.is({ mid: 'm_1' })).toBe(false)
    })

    it('MessageEchoItem.decode turns a numeric app_id into a string', () => {
      const r = MessageEchoItem.decode({ ...echo, message: { ...echo.message, app_id: 263902037430900 } })
      expect(r._tag === 'Right' && r.right.message.app_id).toBe(PAGE_INBOX_APP_ID)
    })
  })
})
