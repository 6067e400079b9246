import { DecimalFormatError, formatMoney, formatQuantity, parseMoney, parseQuantity } from '@jowi/receipt';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function decimalScalar(
  name: string,
  description: string,
  parse: (s: string) => bigint,
  format: (v: bigint) => string,
): GraphQLScalarType<bigint, string> {
  const fromInput = (value: unknown): bigint => {
    if (typeof value !== 'string') {
      throw new GraphQLError(`${name} must be a decimal string such as ${format(1250000n)}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof DecimalFormatError) {
        throw new GraphQLError(error.message, {
          extensions: { code: 'BAD_USER_INPUT', reason: error.reason },
        });
      }
      throw error;
    }
  };
  return new GraphQLScalarType<bigint, string>({
    name,
    description,
    serialize(value) {
      if (typeof value === 'bigint') return format(value);
      if (typeof value === 'string') return format(parse(value));
      throw new GraphQLError(`${name} cannot represent ${typeof value}`);
    },
    parseValue: fromInput,
    parseLiteral(ast: ValueNode) {
      if (ast.kind !== Kind.STRING) {
        throw new GraphQLError(`${name} must be written as a string literal, e.g. "${format(1250000n)}"`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return fromInput(ast.value);
    },
  });
}

/** UZS amount as a decimal string with two decimals; integer tiyin (bigint) inside. */
export const MoneyScalar = decimalScalar(
  'Money',
  'UZS amount, decimal string with two decimals',
  parseMoney,
  formatMoney,
);
/** Quantity as a decimal string with three decimals; integer thousandths (bigint) inside. */
export const QuantityScalar = decimalScalar(
  'Quantity',
  'Quantity, decimal string with three decimals',
  parseQuantity,
  formatQuantity,
);

/** ISO-8601 instant in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 instant in UTC',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    return parseDateTime(value);
  },
  parseLiteral(ast) {
    return parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});

function parseDateTime(value: unknown): Date {
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError('DateTime must be an ISO-8601 string with a time zone, e.g. 2026-01-31T09:30:00Z', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseCalendarDate(value: unknown): string {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d) {
      return value as string;
    }
  }
  throw new GraphQLError('Date must be a calendar date written YYYY-MM-DD, e.g. 2026-01-31', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * A calendar date (`YYYY-MM-DD`) with no time zone: a business day is a day in the store's own
 * time zone, so it is carried as text and never converted through an instant.
 */
export const CalendarDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date, YYYY-MM-DD',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseCalendarDate(value);
  },
  parseValue: parseCalendarDate,
  parseLiteral(ast) {
    return parseCalendarDate(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});

/** Resolver map for the shared scalars, for subgraphs that declare them. */
export const scalarResolvers = { Money: MoneyScalar, Quantity: QuantityScalar, DateTime: DateTimeScalar };
/** `scalarResolvers` plus `Date`, for subgraphs whose SDL declares the calendar-date scalar. */
export const scalarResolversWithDate = { ...scalarResolvers, Date: CalendarDateScalar };
