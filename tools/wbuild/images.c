/* Image files named by a description: search (the description's directory, then each -I
 * directory) and loading. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "images.h"

bool read_file(const char *path, u8 **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f)
		return false;
	do {
		if (len == cap) {
			u8 *grown;

			cap = cap ? cap * 2 : 1 << 16;
			grown = realloc(buf, cap);
			if (!grown) {
				fclose(f);
				free(buf);
				errno = ENOMEM;
				return false;
			}
			buf = grown;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got);
	if (ferror(f)) {
		int saved = errno;

		fclose(f);
		free(buf);
		errno = saved ? saved : EIO;
		return false;
	}
	fclose(f);
	*data = buf;
	*size = len;
	return true;
}

static char *join(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = xmalloc(len);

	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

/* The path where name exists, or NULL after an error that lists where it looked. */
static char *find_image(const char *name, const struct search_path *search, int line,
			struct diag *d)
{
	char *xml_dir = xstrdup(d->file), *slash = strrchr(xml_dir, '/');
	char *looked = NULL, *found = NULL;
	size_t looked_size = 0;
	FILE *f;

	if (name[0] == '/') {
		free(xml_dir);
		if (access(name, R_OK) == 0)
			return xstrdup(name);
		diag_error(d, line, "image '%s' not found", name);
		return NULL;
	}
	if (slash)
		*slash = '\0';
	else
		strcpy(xml_dir, ".");
	f = open_memstream(&looked, &looked_size);
	for (size_t i = 0; i <= search->count && !found; i++) {
		const char *dir = i == 0 ? xml_dir : search->dirs[i - 1];
		char *path = join(dir, name);

		if (access(path, R_OK) == 0)
			found = path;
		else
			free(path);
		fprintf(f, "%s%s", i ? ", " : "", dir);
	}
	fclose(f);
	if (!found)
		diag_error(d, line, "image '%s' not found (looked in %s)", name, looked);
	free(looked);
	free(xml_dir);
	return found;
}

static void load_elf(struct pd *pd, const struct search_path *search, struct diag *d)
{
	u8 *data;
	size_t size;
	char err[256];

	pd->image_path = find_image(pd->image, search, pd->line, d);
	if (!pd->image_path)
		return;
	if (!read_file(pd->image_path, &data, &size)) {
		diag_error(d, pd->line, "%s: %s", pd->image_path, strerror(errno));
		return;
	}
	if (!elf_parse(&pd->elf, data, size, err, sizeof(err))) {
		diag_error(d, pd->line, "%s: %s", pd->image_path, err);
		elf_free(&pd->elf);
	}
}

void load_images(struct system *sys, const struct search_path *search, struct diag *d)
{
	for (size_t i = 0; i < sys->pds.n; i++)
		load_elf(&sys->pds.v[i], search, d);
	for (size_t i = 0; i < sys->vms.n; i++) {
		struct vm *vm = &sys->vms.v[i];

		if (vm->has_vmm)
			load_elf(&vm->vmm, search, d);
		vm->image_path = find_image(vm->image, search, vm->line, d);
		if (vm->initrd)
			vm->initrd_path = find_image(vm->initrd, search, vm->line, d);
	}
}
