import { describe, expect, it } from 'vitest'
import { BrandedCameraItem, CheckoutUpdateItem, PaymentItem, PreCheckoutItem } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, narrow, person, soleEvent, soleInvalid } from './helpers.js'

describe('legacy beta events', () => {
  it('decodes a payment and keeps its payload as an opaque object', () => {
    const b = fixture('messenger/payment.legacy.json')
    const e = soleEvent(b, 'payment')
    expect(e.payment.payload).toBe('DEVELOPER_DEFINED_PAYLOAD')
    expect(e.payment.amount).toEqual({ currency: 'USD', amount: '29.62' })
    expect(e.payment).toBe(itemOf(b).payment)
    expect(e.raw).toBe(itemOf(b))
  })

  it('decodes a checkout_update; numbers inside the opaque payload stay as sent', () => {
    const e = soleEvent(fixture('messenger/checkout_update.legacy.json'), 'checkout_update')
    expect((e.checkout_update.shipping_address as { id: unknown }).id).toBe(1010565500095955)
  })

  it('decodes a pre_checkout', () => {
    const e = soleEvent(fixture('messenger/pre_checkout.legacy.json'), 'pre_checkout')
    expect(e.pre_checkout.payload).toBe('xyz')
    expect(e.pre_checkout.amount).toEqual({ currency: 'USD', amount: '2.70' })
  })

  it('decodes a branded_camera event', () => {
    const e = soleEvent(fixture('messenger/branded_camera.legacy.json'), 'branded_camera')
    expect(e.branded_camera).toEqual({ content_ids: ['4140934855920000', '4140934855920001'], event: 'dismiss' })
    expect(e.timestamp).toBe(1473208792799)
  })

  it.each([
    ['payment', 'x', 'the string "x"'],
    ['checkout_update', 42, 'number 42'],
    ['pre_checkout', ['a'], 'an array of 1'],
    ['branded_camera', null, 'null'],
  ] as const)('rejects a %s whose payload is not an object', (key, value, got) => {
    const bad = soleInvalid(body([{ ...person, [key]: value }]))
    expect(bad.type).toBe(key)
    expect(bad.path).toBe(`${AT}.${key}`)
    expect(bad.message).toBe(`${AT}.${key}: expected an object, got ${got}`)
  })

  it('rejects a legacy item without sender, like any event that needs one', () => {
    const bad = soleInvalid(body([{ recipient: person.recipient, timestamp: 1, payment: {} }]))
    expect(bad.message).toBe(`${AT}.sender: missing required property "sender" (Sender)`)
  })

  it('does not let a bad legacy item affect a valid neighbour in the same body', () => {
    const good = { ...person, branded_camera: { event: 'dismiss' } }
    const d = decode(body([{ ...person, payment: 'x' }, good]))
    expect(narrow(d.events[0], 'branded_camera').raw).toBe(good)
    expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.payment`])
  })

  it('guards each legacy item', () => {
    expect(PaymentItem.is({ ...person, payment: { payload: 'X' } })).toBe(true)
    expect(CheckoutUpdateItem.is({ ...person, checkout_update: 'X' })).toBe(false)
    expect(PreCheckoutItem.is({ ...person, pre_checkout: {} })).toBe(true)
    expect(BrandedCameraItem.is({ ...person, branded_camera: { event: 'dismiss' } })).toBe(true)
  })
})
