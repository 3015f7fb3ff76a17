/* A minimal component for the image builder's tests: code, read-only data, data and bss. */
volatile int counter = 5;
volatile char scratch[5000];
const char greeting[] = "hello";

void _start(void)
{
	scratch[counter] = greeting[0];
	for (;;)
		counter++;
}
