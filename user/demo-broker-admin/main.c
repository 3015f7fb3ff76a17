/* Demo (use case 2, docs/broker.md): the broker's administrator. When told to, it revokes
 * everything the broker delegated to client-a; client-b is untouched. */
#include <warden/broker_client.h>

#define BROKER 1 /* endpoint capability, badge BROKER_ADMIN_BADGE */
#define GO 2	 /* notification: time to act */
#define RESUME 3 /* notification: client-a may go on */
#define CLIENT_A 1

int main(void)
{
	w_wait(GO, NULL);
	w_printf("demo-broker-admin: policy change: revoking what the broker gave client-a\n");
	long st = w_broker_revoke(BROKER, CLIENT_A);
	w_printf("demo-broker-admin: %s\n", st == BROKER_OK ? "done" : "refused");
	w_signal(RESUME);
	return 0;
}
