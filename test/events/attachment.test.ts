import { describe, expect, it } from 'vitest'
import {
  Attachment,
  type EventByType,
  isAttachment,
  type KnownAttachmentType,
  MediaPayload,
  UnknownAttachment,
} from '../../src/index.js'
import { AT, body, decode, fixture, igUser, itemOf, narrow, person, soleEvent, soleInvalid } from './helpers.js'

type Attachments = NonNullable<EventByType<'message'>['message']['attachments']>

/** The attachments of the message in a one-item fixture. */
function attachmentsOf(file: string): Attachments {
  const attachments = soleEvent(fixture(file), 'message').message.attachments
  if (attachments === undefined) throw new Error(`${file}: no attachments`)
  return attachments
}

/** One attachment, narrowed with the public `isAttachment`. */
function attachmentOf<K extends KnownAttachmentType>(attachments: Attachments, index: number, type: K) {
  const a = attachments[index]
  if (a === undefined || !isAttachment(a, type))
    throw new Error(`expected a ${type} attachment at ${index}, got ${a?.type}`)
  return a
}

const withAttachments = (attachments: unknown) => ({ ...person, message: { mid: 'm_Att0001', attachments } })

describe('attachments', () => {
  describe('decodes each documented type', () => {
    it.each([
      ['image', 'messenger/message.image.json', 'https://scontent.xx.fbcdn.net/v/t1.15752-9/example.jpg'],
      ['audio', 'messenger/message.audio.json', 'https://cdn.fbsbx.com/v/t59.3654-21/voice_clip.mp4'],
      ['video', 'messenger/message.video.json', 'https://video.xx.fbcdn.net/v/t42.3356-2/clip.mp4'],
      ['file', 'messenger/message.file.json', 'https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf'],
      [
        'story_mention',
        'instagram/message.story-mention.json',
        'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2',
      ],
      ['ig_story', 'instagram/message.ig-story.json', 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=6'],
      ['share', 'instagram/message.share.json', 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=3'],
    ] as const)('decodes a %s attachment with its payload url', (type, file, url) => {
      const attachments = attachmentsOf(file)
      expect(attachments).toHaveLength(1)
      expect(attachmentOf(attachments, 0, type).payload.url).toBe(url)
    })

    it('decodes an Instagram media attachment next to an image in the same message', () => {
      const attachments = attachmentsOf('instagram/message.media.json')
      expect(attachments.map((a) => a.type)).toEqual(['media', 'image'])
      expect(attachmentOf(attachments, 0, 'media').payload.url).toBe(
        'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=7',
      )
    })

    it('decodes the 2026 sticker transition: an image twin and a sticker, both with sticker_id', () => {
      const attachments = attachmentsOf('messenger/message.sticker-transition.json')
      expect(attachments.map((a) => a.type)).toEqual(['image', 'sticker'])
      expect(attachmentOf(attachments, 0, 'image').payload.sticker_id).toBe('369239263222822')
      const sticker = attachmentOf(attachments, 1, 'sticker')
      expect(sticker.payload).toEqual({
        url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/like.png',
        sticker_id: '369239263222822',
      })
    })

    it('decodes the 2017 Like sticker: message.sticker_id and the image payload sticker_id as strings', () => {
      const b = fixture('messenger/message.sticker-legacy.json')
      const e = soleEvent(b, 'message')
      expect(e.message.sticker_id).toBe('369239343222814')
      const image = attachmentOf(e.message.attachments ?? [], 0, 'image')
      expect(image.payload.sticker_id).toBe('369239343222814')
      expect(image.payload.url).toBe(
        'https://scontent.xx.fbcdn.net/v/t39.1997-6/p100x100/851587_369239346556147_162929011_n.png',
      )
      expect(e.raw).toBe(itemOf(b))
      const rawMessage = itemOf(b).message as {
        sticker_id: unknown
        attachments: [{ payload: { sticker_id: unknown } }]
      }
      expect(rawMessage.sticker_id).toBe(369239343222814)
      expect(rawMessage.attachments[0].payload.sticker_id).toBe(369239343222814)
    })

    it('decodes a v6.0+ fallback with payload url and title', () => {
      const fallback = attachmentOf(attachmentsOf('messenger/message.fallback-v6.json'), 0, 'fallback')
      expect(fallback.payload).toEqual({ url: 'https://youtu.be/bbo_fZAjIhg', title: 'TAHITI - Heaven on Earth' })
    })

    it('decodes a legacy fallback: payload null, title and url on the attachment', () => {
      const fallback = attachmentOf(attachmentsOf('messenger/message.fallback-legacy.json'), 0, 'fallback')
      expect(fallback.payload).toBeNull()
      expect(fallback.title).toBe('Legacy Attachment')
      expect(fallback.url).toBe('https://www.messenger.com/')
    })

    it('decodes a legacy fallback with the uppercase "URL" key', () => {
      const fallback = attachmentOf(
        attachmentsOf('messenger/message.fallback-legacy-uppercase-url.json'),
        0,
        'fallback',
      )
      expect(fallback.URL).toBe('https://www.messenger.com/')
      expect(fallback.url).toBeUndefined()
    })

    it('decodes a fallback with no payload at all', () => {
      const fallback = attachmentOf(attachmentsOf('messenger/message.fallback-no-payload.json'), 0, 'fallback')
      expect(fallback).toEqual({ type: 'fallback' })
    })

    it('decodes Facebook reel and post shares; reel_video_id and post id become strings', () => {
      const attachments = attachmentsOf('messenger/message.shares.json')
      expect(attachmentOf(attachments, 0, 'reel').payload).toEqual({
        url: 'https://www.facebook.com/reel/123',
        title: 'A reel',
        reel_video_id: '1234567890123',
      })
      expect(attachmentOf(attachments, 1, 'post').payload).toEqual({
        url: 'https://www.facebook.com/123/posts/456',
        title: 'A post',
        id: '4567890123456',
      })
    })

    it('decodes Instagram reel and post shares; the numeric ids become strings', () => {
      expect(attachmentOf(attachmentsOf('instagram/message.ig-reel.json'), 0, 'ig_reel').payload.reel_video_id).toBe(
        '1812345678901234',
      )
      expect(attachmentOf(attachmentsOf('instagram/message.ig-post.json'), 0, 'ig_post').payload.id).toBe(
        '3412345678901234',
      )
    })

    it('decodes view-once (ephemeral) media, which has no payload', () => {
      const ephemeral = attachmentOf(attachmentsOf('instagram/message.ephemeral.json'), 0, 'ephemeral')
      expect(ephemeral).toEqual({ type: 'ephemeral' })
    })

    it('decodes an appointment booking with start and end in seconds', () => {
      const booking = attachmentOf(
        attachmentsOf('messenger/message.appointment-booking.json'),
        0,
        'appointment_booking',
      )
      expect(booking.payload).toEqual({
        booking_id: '998877665544',
        status: 'requested',
        start_time: 1739612400,
        end_time: 1739616000,
        timezone: 'America/Los_Angeles',
      })
    })

    it('decodes a product shared into the thread', () => {
      const template = attachmentOf(attachmentsOf('messenger/message.product-template.json'), 0, 'template')
      expect(template.payload.product?.elements).toEqual([
        {
          id: '7001',
          retailer_id: 'SKU-7001',
          image_url: 'https://fb.cdn.com/sdsd',
          title: 'Some product title',
          subtitle: '$40',
        },
      ])
    })

    it('decodes a legacy location with coordinates and attachment-level title', () => {
      const location = attachmentOf(attachmentsOf('messenger/message.location-legacy.json'), 0, 'location')
      expect(location.payload.coordinates).toEqual({ lat: 37.483872693672, long: -122.14900441942 })
      expect(location.title).toBe('Facebook HQ')
    })
  })

  describe('normalisation', () => {
    it('decodes a numeric booking_id to a string and numeric-string times to numbers; raw keeps them', () => {
      const payload = { booking_id: 998877665544, status: 'confirmed', start_time: '1739612400', end_time: 1739616000 }
      const item = withAttachments([{ type: 'appointment_booking', payload }])
      const e = soleEvent(body([item]), 'message')
      const booking = attachmentOf(e.message.attachments ?? [], 0, 'appointment_booking')
      expect(booking.payload.booking_id).toBe('998877665544')
      expect(booking.payload.start_time).toBe(1739612400)
      expect(e.raw).toBe(item)
      expect(payload).toEqual({
        booking_id: 998877665544,
        status: 'confirmed',
        start_time: '1739612400',
        end_time: 1739616000,
      })
    })

    it('decodes numeric-string coordinates of a location to numbers', () => {
      const item = withAttachments([{ type: 'location', payload: { coordinates: { lat: '37.48', long: '-122.149' } } }])
      const location = attachmentOf(soleEvent(body([item]), 'message').message.attachments ?? [], 0, 'location')
      expect(location.payload.coordinates).toEqual({ lat: 37.48, long: -122.149 })
    })
  })

  describe('open sets stay open', () => {
    it('decodes an attachment of an unknown type and keeps its payload as sent', () => {
      const b = fixture('messenger/message.unknown-attachment-type.json')
      const attachments = soleEvent(b, 'message').message.attachments ?? []
      const [a] = attachments
      expect(a).toEqual({
        type: 'hologram',
        payload: { url: 'https://scontent.xx.fbcdn.net/v/hologram.bin', depth: 3, projector: { model: 'HX-1' } },
      })
      if (a === undefined) throw new Error('no attachment')
      expect(isAttachment(a, 'image')).toBe(false)
    })

    it('decodes an unknown type whose payload is not even an object, or is absent', () => {
      const item = withAttachments([{ type: 'appointment_reminder', payload: 'opaque' }, { type: 'poll' }])
      const attachments = soleEvent(body([item]), 'message').message.attachments
      expect(attachments).toEqual([{ type: 'appointment_reminder', payload: 'opaque' }, { type: 'poll' }])
    })

    it('keeps an unknown appointment status (open set)', () => {
      const item = withAttachments([
        { type: 'appointment_booking', payload: { booking_id: '1', status: 'rescheduled' } },
      ])
      const booking = attachmentOf(
        soleEvent(body([item]), 'message').message.attachments ?? [],
        0,
        'appointment_booking',
      )
      expect(booking.payload.status).toBe('rescheduled')
    })
  })

  describe('failures', () => {
    it('rejects an attachment without type', () => {
      const bad = soleInvalid(fixture('invalid/message.attachment-missing-type.json'))
      expect(bad.path).toBe(`${AT}.message.attachments[0].type`)
      expect(bad.message).toBe(`${AT}.message.attachments[0].type: missing required property "type" (string)`)
    })

    it('rejects an audio attachment whose payload has no url', () => {
      const bad = soleInvalid(fixture('invalid/message.audio-url-missing.json'))
      expect(bad.message).toBe(`${AT}.message.attachments[0].payload.url: missing required property "url" (string)`)
    })

    it('rejects an Instagram image whose url is null', () => {
      const bad = soleInvalid(fixture('invalid/instagram.image-url-null.json'))
      expect(bad.message).toBe(`${AT}.message.attachments[0].payload.url: expected a string, got null`)
    })

    it.each([
      ['the type is a number', [{ type: 7 }], 'attachments[0].type', 'expected a string, got number 7'],
      [
        'an image has no payload',
        [{ type: 'image' }],
        'attachments[0].payload',
        'missing required property "payload" (MediaPayload)',
      ],
      [
        'a sticker has no sticker_id',
        [{ type: 'sticker', payload: { url: 'u' } }],
        'attachments[0].payload.sticker_id',
        'missing required property "sticker_id" (Id)',
      ],
      [
        'the second attachment is a video without url',
        [
          { type: 'image', payload: { url: 'u' } },
          { type: 'video', payload: {} },
        ],
        'attachments[1].payload.url',
        'missing required property "url" (string)',
      ],
      [
        'a reel has a boolean reel_video_id',
        [{ type: 'reel', payload: { url: 'u', reel_video_id: true } }],
        'attachments[0].payload.reel_video_id',
        'expected an ID (a string or a whole number), got boolean true',
      ],
      [
        'a booking has no status',
        [{ type: 'appointment_booking', payload: { booking_id: '1' } }],
        'attachments[0].payload.status',
        'missing required property "status" (BookingStatus)',
      ],
      [
        'a location latitude is not numeric',
        [{ type: 'location', payload: { coordinates: { lat: 'north', long: 1 } } }],
        'attachments[0].payload.coordinates.lat',
        'expected a number (or a numeric string), got the string "north"',
      ],
      [
        'a product element has no id',
        [{ type: 'template', payload: { product: { elements: [{ title: 't' }] } } }],
        'attachments[0].payload.product.elements[0].id',
        'missing required property "id" (Id)',
      ],
      [
        'a fallback payload is a string',
        [{ type: 'fallback', payload: 'x' }],
        'attachments[0].payload',
        'expected an object (FallbackPayload), got the string "x"',
      ],
      ['an attachment is null', [null], 'attachments[0]', 'expected an object (Attachment), got null'],
    ])('rejects a message where %s', (_case, attachments, path, text) => {
      const bad = soleInvalid(body([withAttachments(attachments)]))
      expect(bad.path).toBe(`${AT}.message.${path}`)
      expect(bad.message).toBe(`${AT}.message.${path}: ${text}`)
    })

    it('does not let a bad attachment affect a valid neighbour in the same body', () => {
      const d = decode(fixture('invalid/message.image-numeric-url.json'))
      expect(d.events).toHaveLength(1)
      expect(narrow(d.events[0], 'message').message.text).toBe('look at this')
      expect(d.invalid.map((i) => i.message)).toEqual([
        'entry[0].messaging[1].message.attachments[0].payload.url: expected a string, got number 12345',
      ])
    })

    it('rejects a bad Instagram attachment the same way', () => {
      const item = { ...igUser, message: { mid: 'aWdf', attachments: [{ type: 'story_mention', payload: {} }] } }
      const bad = soleInvalid(body([item], { object: 'instagram' }))
      expect(bad.path).toBe(`${AT}.message.attachments[0].payload.url`)
    })
  })

  describe('codecs', () => {
    it('Attachment.is accepts known and unknown types and refuses a known type with a bad payload', () => {
      expect(Attachment.is({ type: 'image', payload: { url: 'https://x' } })).toBe(true)
      expect(Attachment.is({ type: 'hologram', payload: { anything: 1 } })).toBe(true)
      expect(Attachment.is({ type: 'image', payload: { url: 1 } })).toBe(false)
      expect(Attachment.is({ payload: { url: 'https://x' } })).toBe(false)
    })

    it('Attachment.decode turns a numeric sticker_id into a string', () => {
      const r = Attachment.decode({ type: 'sticker', payload: { url: 'u', sticker_id: 369239263222822 } })
      expect(r._tag === 'Right' && r.right).toEqual({
        type: 'sticker',
        payload: { url: 'u', sticker_id: '369239263222822' },
      })
    })

    it('MediaPayload and UnknownAttachment guard their shapes', () => {
      expect(MediaPayload.is({ url: 'https://scontent.xx.fbcdn.net/x.jpg' })).toBe(true)
      expect(MediaPayload.is({})).toBe(false)
      expect(UnknownAttachment.is({ type: 'hologram' })).toBe(true)
      expect(UnknownAttachment.is({ type: 3 })).toBe(false)
    })

    it('isAttachment checks the payload, not only the type', () => {
      expect(isAttachment({ type: 'image', payload: { url: 'u' } }, 'image')).toBe(true)
      expect(isAttachment({ type: 'image', payload: 'not a payload' }, 'image')).toBe(false)
      expect(isAttachment({ type: 'image', payload: { url: 'u' } }, 'video')).toBe(false)
    })
  })
})
