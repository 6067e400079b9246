/** Webhook deliveries as the delivery service reads them. */

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** A delivery row as the API shows it. */
export interface DeliveryNode {
  id: string;
  seq: string;
  endpointId: string;
  eventId: string;
  event: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  body: string;
  replayOf: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}
