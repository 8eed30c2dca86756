import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { ReportIndicatorValuesDto } from './report-indicator-values.dto';

// The pipe as libs/http configures it for every service.
const pipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
});
const metadata: ArgumentMetadata = { type: 'body', metatype: ReportIndicatorValuesDto };
const row = { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 1 };

async function messages(body: unknown): Promise<string[]> {
  try {
    await pipe.transform(body, metadata);
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
}

describe('ReportIndicatorValuesDto', () => {
  it('takes 1 to 5,000 values and leaves each row, unknown properties included, to the per-row contract check', async () => {
    expect(await messages({ agencyCode: 'STTTT', values: [row, { ...row, extra: true }, 'not an object'] })).toEqual(
      [],
    );
    expect(await messages({ agencyCode: 'STTTT', values: Array.from({ length: 5000 }, () => row) })).toEqual([]);
  });

  it('refuses more than 5,000 values naming the limit, an empty batch, a bad agency code and unknown fields', async () => {
    expect(await messages({ agencyCode: 'STTTT', values: Array.from({ length: 5001 }, () => row) })).toEqual([
      'values holds 5001 rows; at most 5000 are accepted per request: split the batch',
    ]);
    expect(await messages({ agencyCode: 'STTTT', values: [] })).toEqual(['values must hold at least one value']);
    expect(await messages({ agencyCode: 'stttt', values: [row], admin: true })).toEqual([
      'property admin should not exist',
      'agencyCode must be 2–32 characters of A-Z and 0-9',
    ]);
  });
});
