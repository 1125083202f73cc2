/*
 * napmon-gencorpus: write N made-up progress reports in the layout of the
 * real exports (../shared/DOMAIN.md), and a manifest of what each one says.
 *
 *	napmon-gencorpus --seed N --count N --out DIR [--partners FILE]
 *
 * Everything comes from one small PRNG (splitmix64) seeded from the seed and
 * the report's index, so a seed gives the same bytes on every machine, and
 * report k is the same whatever --count is.  Partners are the canonical
 * names of config/partners.ini.  The text is built so that DOMAIN.md's rules
 * give exactly one reading of it: no cue word stands where it would change a
 * status or a stage other than the one written into the manifest.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <cjson/cJSON.h>

#ifndef NAPMON_PARTNERS_INI
#define NAPMON_PARTNERS_INI "config/partners.ini"
#endif

#define NBSP	"\xc2\xa0"

/* ---------------------------------------------------------------- helpers */

static void __attribute__((noreturn, format(printf, 1, 2)))
fatalx(const char *fmt, ...)
{
	va_list	ap;

	fputs("napmon-gencorpus: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EX_SOFTWARE);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		fatalx("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL)
		fatalx("out of memory");
	return p;
}

/* A growing string. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

static void
bgrow(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	while (b->len + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	b->p = xrealloc(b->p, b->cap);
}

static void
bput(struct buf *b, const char *s)
{
	size_t	n = strlen(s);

	bgrow(b, n);
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void __attribute__((format(printf, 2, 3)))
bprintf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("vsnprintf failed");
	bgrow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void
breset(struct buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

/* ------------------------------------------------------------------- PRNG */

struct rng {
	uint64_t	s;
};

/* Step splitmix64: the same sequence on every machine and compiler. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t	z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* A number in [lo, hi]. */
static int
between(struct rng *r, int lo, int hi)
{
	return lo + (int)below(r, (uint32_t)(hi - lo + 1));
}

static int
chance(struct rng *r, int percent)
{
	return (int)below(r, 100) < percent;
}

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])
#define PICK(r, a)	((a)[below((r), NELEM(a))])

/* -------------------------------------------------------------- the words */

struct agency {
	const char	*name;
	const char	*tag;		/* for the file name */
	int		 agreements;	/* how much it reports on treaties, % */
};

/* Real reporting bodies of the Programme. */
static const struct agency agencies[] = {
	{ "Dövlət Miqrasiya Xidməti", "dmx", 60 },
	{ "Daxili İşlər Nazirliyi", "dim", 40 },
	{ "Ədliyyə Nazirliyi", "adliyye", 45 },
	{ "Xarici İşlər Nazirliyi", "xin", 80 },
	{ "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", "emsmn", 35 },
	{ "Təhsil Nazirliyi", "tn", 25 },
	{ "Səhiyyə Nazirliyi", "sn", 25 },
	{ "Mədəniyyət və Turizm Nazirliyi", "mtn", 25 },
	{ "Gənclər və İdman Nazirliyi", "gin", 20 },
	{ "Müdafiə Nazirliyi", "mn", 15 },
	{ "Fövqəladə Hallar Nazirliyi", "fhn", 30 },
	{ "Vergilər Nazirliyi", "vn", 20 },
	{ "İqtisadiyyat Nazirliyi", "in", 35 },
	{ "Maliyyə Nazirliyi", "maliyye", 20 },
	{ "Dövlət Sərhəd Xidməti", "dsx", 40 },
	{ "Dövlət Gömrük Komitəsi", "dgk", 40 },
	{ "Ailə, Qadın və Uşaq Problemləri üzrə Dövlət Komitəsi", "aqupdk", 20 },
	{ "Qaçqınların və Məcburi Köçkünlərin İşləri üzrə Dövlət Komitəsi",
	    "qmkdk", 25 },
	{ "Dini Qurumlarla İş üzrə Dövlət Komitəsi", "dqidk", 15 },
	{ "Dövlət Statistika Komitəsi", "dsk", 20 },
	{ "Rabitə və Yüksək Texnologiyalar Nazirliyi", "rytn", 25 },
	{ "Ekologiya və Təbii Sərvətlər Nazirliyi", "etsn", 25 },
};

/* Words between the Programme's name and the body, before "tərəfindən". */
static const char *const title_heads[] = {
	"”nın müvafiq bəndlərinin icrasını təmin etmək məqsədilə",
	"”nın icrası ilə bağlı",
	"”nın icrası ilə əlaqədar",
};

static const char *const ordinals[] = {
	"Birinci", "İkinci", "Üçüncü", "Dördüncü", "Beşinci", "Altıncı",
	"Yeddinci", "Səkkizinci", "Doqquzuncu", "Onuncu"
};

static const char *const chapter_titles[] = {
	"Normativ-hüquqi bazanın təkmilləşdirilməsi",
	"Əhalinin müxtəlif qruplarının hüquqlarının müdafiəsi",
	"Hüquq-mühafizə orqanlarının fəaliyyətinin təkmilləşdirilməsi",
	"Məhkəmə hakimiyyətinin müstəqilliyinin və səmərəliliyinin artırılması",
	"Sosial-iqtisadi hüquqların təmin edilməsi",
	"İnsan hüquqları sahəsində maarifləndirmə",
	"Beynəlxalq əməkdaşlığın genişləndirilməsi",
	"Vətəndaş cəmiyyəti ilə əməkdaşlıq",
	"İnformasiya əldə etmək hüququnun təmin edilməsi",
	"Proqramın icrasına nəzarət və monitorinq",
};

static const char *const chapter_intros[] = {
	"Bu fəsildə əhalinin müxtəlif qruplarının, o cümlədən zəif hesab "
	    "olunan qrupların insan hüquqları və azadlıqlarının daha səmərəli "
	    "qaydada təmin edilməsi məqsədilə fəaliyyət istiqamətləri müəyyən "
	    "olunur.",
	"Fəsildə nəzərdə tutulan istiqamətlər üzrə dövlət orqanlarının "
	    "fəaliyyətinin əlaqələndirilməsi və hesabatlılığın artırılması "
	    "əsas vəzifələrdən biridir.",
};

static const char *const measure_titles[] = {
	"Azərbaycan Respublikası qanunları layihələrinin hazırlanması zamanı "
	    "insan hüquq və azadlıqlarının əsas meyar kimi rəhbər tutulması.",
	"Azərbaycan Respublikasının tərəfdar çıxdığı beynəlxalq müqavilələrdən "
	    "irəli gələn öhdəliklərin həyata keçirilməsi.",
	"Xarici ölkələrdə Azərbaycan Respublikası vətəndaşlarının hüquqlarının "
	    "müdafiəsini tənzimləyən müqavilə-hüquq bazasının genişləndirilməsi.",
	"Qaçqın və məcburi köçkünlərin sosial müdafiəsinin gücləndirilməsi.",
	"Əlilliyi olan şəxslərin hüquqlarının müdafiəsi sahəsində "
	    "qanunvericiliyin təkmilləşdirilməsi.",
	"Uşaq hüquqlarının müdafiəsi mexanizmlərinin təkmilləşdirilməsi.",
	"Qadınlara qarşı zorakılığın qarşısının alınması işinin "
	    "gücləndirilməsi.",
	"İnsan alverinə qarşı mübarizə sahəsində beynəlxalq əməkdaşlığın "
	    "genişləndirilməsi.",
	"Saxlama yerlərində saxlanılan şəxslərin hüquqlarının təmin edilməsi "
	    "məqsədilə müvəqqəti saxlama təcridxanalarının müasir standartlara "
	    "uyğun yenidən qurulması.",
	"Polis əməkdaşlarının insan hüquqları sahəsində peşə hazırlığının "
	    "artırılması üçün tədris proqramlarının təkmilləşdirilməsi.",
	"Vətəndaşların müraciətlərinə baxılmasının şəffaflığının artırılması.",
	"Məhkəmə qərarlarının icrası mexanizminin təkmilləşdirilməsi.",
	"Əmək miqrantlarının və onların ailə üzvlərinin hüquqlarının "
	    "müdafiəsinin gücləndirilməsi.",
	"İnsan hüquqları sahəsində ixtisaslaşmış beynəlxalq təşkilatlarla "
	    "əməkdaşlığın genişləndirilməsi.",
	"Ümumtəhsil məktəblərində insan hüquqları üzrə tədris materiallarının "
	    "hazırlanması.",
	"Elektron xidmətlərin genişləndirilməsi və vətəndaşların məlumat əldə "
	    "etmək hüququnun təmin edilməsi.",
	"Ahıl vətəndaşların sosial xidmətlərə çıxışının yaxşılaşdırılması.",
	"Hərbi qulluqçuların hüquqlarının müdafiəsi sahəsində normativ hüquqi "
	    "bazanın təkmilləşdirilməsi.",
	"Dini etiqad azadlığının təmin edilməsi sahəsində maarifləndirmə "
	    "işinin gücləndirilməsi.",
	"Sağlam ətraf mühitdə yaşamaq hüququnun təmin edilməsi üçün ekoloji "
	    "monitorinq sisteminin təkmilləşdirilməsi.",
	"Gənclərin hüquqlarının müdafiəsi sahəsində dövlət proqramlarının "
	    "hazırlanması.",
	"Tibbi yardımın keyfiyyətinin və əlçatanlığının artırılması.",
	"Sığınacaq axtaran şəxslərin və qaçqınların statusunun "
	    "müəyyənləşdirilməsi prosedurunun təkmilləşdirilməsi.",
	"Vergi ödəyicilərinin hüquqlarının müdafiəsi mexanizmlərinin "
	    "təkmilləşdirilməsi.",
	"Mədəni irsin qorunması və mədəni həyatda iştirak hüququnun təmin "
	    "edilməsi.",
	"Ermənistanın Azərbaycana qarşı təcavüzü nəticəsində qaçqın və məcburi "
	    "köçkün düşmüş şəxslərin hüquqlarının kütləvi şəkildə pozulması "
	    "faktının dünya ictimaiyyətinə çatdırılması",
};

static const char *const descriptions[] = {
	"Bu məqsədlə xarici ölkələrdə yaşayan Azərbaycan Respublikası "
	    "vətəndaşlarının hüquqlarının təmin olunmasına dair müvafiq "
	    "dövlətlərlə və onların səlahiyyətli orqanları ilə müqavilələr "
	    "bağlanılmalıdır.",
	"Göstərilən öhdəliklərin yerinə yetirilməsi zamanı tövsiyələrin "
	    "ətraflı təhlili, görüləcək işlərin və onların icrasına məsuliyyətli "
	    "dövlət qurumlarının müəyyən edilməsi zəruridir.",
	"Azərbaycan Respublikası hər bir vətəndaşının olduğu yerdən asılı "
	    "olmayaraq, insan hüquq və azadlıqlarının təmin edilməsi üçün zəruri "
	    "işləri həyata keçirir.",
	"Bu işə həmçinin insan hüquqlarının müdafiəsi sahəsində fəaliyyət "
	    "göstərən yerli qeyri-hökumət təşkilatları cəlb edilir.",
	"Bu sahədə beynəlxalq təcrübənin öyrənilməsi və milli qanunvericiliyə "
	    "tətbiqi nəzərdə tutulur.",
};

/*
 * Executing bodies; prefix says whether the cell may carry the
 * "Azərbaycan Respublikası(nın)" noise before it.
 */
struct body {
	const char	*name;
	int		 prefix;
};

static const struct body bodies[] = {
	{ "Nazirlər Kabineti", 1 },
	{ "Ədliyyə Nazirliyi", 1 },
	{ "Daxili İşlər Nazirliyi", 1 },
	{ "Xarici İşlər Nazirliyi", 1 },
	{ "Təhsil Nazirliyi", 1 },
	{ "Səhiyyə Nazirliyi", 1 },
	{ "Dövlət Miqrasiya Xidməti", 1 },
	{ "Dövlət Sərhəd Xidməti", 1 },
	{ "Baş Prokurorluğu", 1 },
	{ "Ali Məhkəməsi", 1 },
	{ "Milli Elmlər Akademiyası", 0 },
	{ "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", 1 },
	{ "Azərbaycan Həmkarlar İttifaqları Konfederasiyası", 0 },
	{ "Dövlət Statistika Komitəsi", 1 },
	{ "Mədəniyyət və Turizm Nazirliyi", 1 },
	{ "Yerli icra hakimiyyətləri", 0 },
};

/*
 * Narrative with no status cue, no stage cue, no quote mark: it can stand in
 * any measure without changing what the measure says.
 */
static const char *const filler[] = {
	"Hesabat dövründə bu istiqamətdə aidiyyəti dövlət orqanları ilə birgə "
	    "bir sıra işlər görülmüşdür.",
	"Azərbaycan Respublikası Konstitusiyasının 12-ci maddəsində müəyyən "
	    "edilmişdir ki, insan və vətəndaş hüquq və azadlıqlarının təmin "
	    "edilməsi dövlətin ali məqsədidir.",
	"Xidmət əməkdaşları beynəlxalq təşkilatların keçirdiyi seminar və "
	    "təlimlərdə iştirak etmişlər.",
	"Mövzu ilə bağlı regionlarda maarifləndirici görüşlər təşkil "
	    "olunmuşdur.",
	"İl ərzində vətəndaşlardan daxil olmuş 1200-dən çox müraciətə "
	    "baxılmış və onlara qanunvericiliyə uyğun cavab verilmişdir.",
	"Bu sahədə qabaqcıl xarici təcrübə öyrənilmiş və müvafiq təkliflər "
	    "verilmişdir.",
	"Kütləvi informasiya vasitələrində mövzu ilə bağlı 35 çıxış və "
	    "müsahibə yayımlanmışdır.",
	"Qeyri-hökumət təşkilatlarının nümayəndələri ilə mütəmadi görüşlər "
	    "təşkil edilmişdir.",
	"Əhalinin hüquqi maarifləndirilməsi məqsədilə broşür və bukletlər nəşr "
	    "olunaraq yayılmışdır.",
	"Rəsmi internet saytında müvafiq bölmə yaradılmış və orada məlumatlar "
	    "mütəmadi yenilənir.",
	"Regionlarda yaşayan vətəndaşların səyyar qəbulu təşkil edilmişdir.",
	"Əməkdaşların peşə hazırlığının artırılması üçün 14 təlim kursu təşkil "
	    "olunmuşdur.",
	"Müvafiq normativ hüquqi aktların layihələri aidiyyəti dövlət "
	    "orqanlarının rəyləri nəzərə alınmaqla yekunlaşdırılmışdır.",
	"Bununla yanaşı, elektron xidmətlərin sayı artırılmış və onların "
	    "göstərilməsi sadələşdirilmişdir.",
	"Beynəlxalq təşkilatların ekspertləri ilə birgə qanunvericiliyin "
	    "təhlili aparılmışdır.",
	"Hesabat ilində bu sahədə 8 yoxlama keçirilmiş, aşkar edilmiş "
	    "nöqsanların aradan qaldırılması üçün tədbirlər görülmüşdür.",
	"Ölkə ərazisində yaşayan əcnəbilərin və vətəndaşlığı olmayan "
	    "şəxslərin hüquqlarının təmin edilməsinə xüsusi diqqət "
	    "yetirilmişdir.",
	"Bu barədə məlumatlar mütəmadi olaraq Nazirlər Kabinetinə göndərilir.",
	"Təhsil müəssisələrində şagird və tələbələr üçün insan hüquqlarına "
	    "dair açıq dərslər təşkil olunmuşdur.",
	"Sosial müdafiə sisteminin ünvanlılığının artırılması üçün vahid "
	    "elektron məlumat bazası yaradılmışdır.",
	"Bundan əlavə, BMT-nin ixtisaslaşmış qurumları ilə birgə 3 dəyirmi "
	    "masa təşkil olunmuşdur.",
	"Görüşlərdə iştirakçıların sualları cavablandırılmış, onların "
	    "təklifləri ümumiləşdirilmişdir.",
};

/* A quoted name that is no agreement: a convention only reported on. */
static const char *const convention_mentions[][2] = {
	{ "Mülki və siyasi hüquqlar haqqında", " Beynəlxalq Paktın həyata "
	    "keçirilməsinə dair ölkəmizin növbəti dövri məruzəsinin layihəsinə "
	    "münasibət bildirilmişdir." },
	{ "İşgəncə və digər qəddar, qeyri-insani və ya ləyaqəti alçaldan "
	    "rəftar və ya cəza əleyhinə", " Konvensiyanın tələbləri "
	    "əməkdaşların tədris proqramlarına daxil edilmişdir." },
	{ "Uşaq hüquqları haqqında BMT Konvensiyası", "nın müddəalarının "
	    "təbliği məqsədilə məktəblərdə görüşlər təşkil olunmuşdur." },
};

/* Sentences that complete a measure with a fixed or other deadline. */
static const char *const completion[] = {
	"Bununla da tədbir tam icra olunmuşdur.",
	"Nəzərdə tutulan tikinti və təmir işləri başa çatdırılmışdır.",
	"Tədbir icra edilmişdir.",
	"Proqramın bu bəndi üzrə işlər tam icra olunmuşdur.",
	"Hesabat ilinin sonunda bütün mərhələlər başa çatdırılmışdır.",
};

static const char *const progress[] = {
	"Hazırda bu istiqamətdə işlər davam etdirilir.",
	"Qanunvericiliyin təkmilləşdirilməsi istiqamətində işlər davam "
	    "etdirilir.",
	"Yeni tədris proqramının təsdiq edilməsi istiqamətində icra davam "
	    "etdirilir.",
};

static const char *const other_deadlines[] = {
	"Hesabat dövründə",
	"Proqramın icrası müddətində",
	"Vəsait ayrıldıqca",
};

static const char *const until_tails[] = {
	"ilin sonunadək", "ilin II yarısı", "ilin I rübü",
};

/* Topics an agreement is "about": "<topic> haqqında Saziş". */
static const char *const topics[] = {
	"miqrasiya sahəsində əməkdaşlıq",
	"əmək miqrasiyası sahəsində əməkdaşlıq",
	"icazəsiz yaşayan şəxslərin readmissiyası",
	"readmissiya",
	"cinayət işləri üzrə qarşılıqlı hüquqi yardım",
	"mülki işlər üzrə hüquqi yardım və hüquq münasibətləri",
	"ekstradisiya",
	"məhkum edilmiş şəxslərin cəzanın sonrakı çəkilməsi üçün verilməsi",
	"sosial təminat",
	"diplomatik və xidməti pasport sahiblərinin viza tələbindən qarşılıqlı "
	    "azad edilməsi",
	"vizaların verilməsinin sadələşdirilməsi",
	"insan alverinə qarşı mübarizədə əməkdaşlıq",
	"mütəşəkkil cinayətkarlığa qarşı mübarizədə əməkdaşlıq",
	"gömrük işlərində qarşılıqlı yardım",
	"beynəlxalq avtomobil daşımaları",
	"ictimai asayişin qorunması sahəsində əməkdaşlıq",
	"fövqəladə halların qarşısının alınması və nəticələrinin aradan "
	    "qaldırılması sahəsində əməkdaşlıq",
	"investisiyaların qarşılıqlı təşviqi və qorunması",
	"gəlirlərə görə ikiqat vergitutmanın aradan qaldırılması",
	"texniki əməkdaşlıq",
};

/* Fields for "<field> sahəsində əməkdaşlıq Sazişi" and the like. */
static const char *const fields[] = {
	"təhsil", "səhiyyə", "mədəniyyət", "turizm", "gənclər siyasəti",
	"idman", "ədliyyə", "statistika", "sərhəd mühafizəsi", "sığınacaq",
	"insan hüquqlarının müdafiəsi", "ekologiya",
};

/* A state's body, for "<State>nın Daxili İşlər Nazirliyi". */
static const char *const state_bodies[] = {
	"Daxili İşlər Nazirliyi", "Ədliyyə Nazirliyi", "Təhsil Nazirliyi",
	"Səhiyyə Nazirliyi", "Miqrasiya Xidməti", "Baş Prokurorluğu",
	"Sərhəd Xidməti",
};

static const char *const cities[] = {
	"Bakı", "Moskva", "Ankara", "Tbilisi", "Cenevrə", "Brüssel", "Vyana",
	"Daşkənd", "Astana", "Kişinyov", "Minsk", "Kiyev", "Berlin", "Paris",
};

static const char *const months[] = {
	"yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust",
	"sentyabr", "oktyabr", "noyabr", "dekabr"
};

static const char *const months_genitive[] = {
	"yanvarın", "fevralın", "martın", "aprelin", "mayın", "iyunun",
	"iyulun", "avqustun", "sentyabrın", "oktyabrın", "noyabrın", "dekabrın"
};

static const char *const stage_names[] = {
	"drafting", "submitted", "under_review", "negotiating", "signing",
	"signed", "ratified", "in_force"
};

enum stage {
	DRAFTING, SUBMITTED, UNDER_REVIEW, NEGOTIATING, SIGNING, SIGNED,
	RATIFIED, IN_FORCE, NSTAGES
};

/* Opening and closing marks, as real exports pair them. */
static const char *const quote_pairs[][2] = {
	{ "“", "”" }, { "“", "”" }, { "“", "”" }, { "“", "“" },
	{ "„", "”" }, { "«", "»" }, { "\"", "\"" },
};

/* -------------------------------------------------------------- partners */

struct partner {
	char	*name;		/* canonical */
	char	*iso;		/* NULL for a group */
};

struct partners {
	struct partner	*states, *groups;
	size_t		 nstates, ngroups;
};

/* States Azerbaijan signed nothing with in these years: not partners. */
static const char *const never_partners[] = { "AM", "XK", "TW" };

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Read the canonical names of partners.ini's [states] and [groups]. */
static void
partners_load(const char *path, struct partners *p)
{
	FILE	*f;
	char	 line[1024], *s, *eq, *key, *val, *bar;
	int	 section = 0;	/* 1 states, 2 groups */
	size_t	 k;

	memset(p, 0, sizeof *p);
	if ((f = fopen(path, "r")) == NULL)
		fatalx("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f) != NULL) {
		s = trim(line);
		if (*s == '\0' || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			section = strcmp(s, "[states]") == 0 ? 1 :
			    strcmp(s, "[groups]") == 0 ? 2 : 0;
			continue;
		}
		if (section == 0 || (eq = strchr(s, '=')) == NULL)
			continue;
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		if ((bar = strchr(val, '|')) != NULL)
			*bar = '\0';
		val = trim(val);
		if (section == 1) {
			for (k = 0; k < NELEM(never_partners); k++)
				if (strcmp(key, never_partners[k]) == 0)
					break;
			if (k < NELEM(never_partners))
				continue;
			p->states = xrealloc(p->states, (p->nstates + 1) *
			    sizeof *p->states);
			p->states[p->nstates].name = xstrdup(val);
			p->states[p->nstates++].iso = xstrdup(key);
		} else {
			p->groups = xrealloc(p->groups, (p->ngroups + 1) *
			    sizeof *p->groups);
			p->groups[p->ngroups].name = xstrdup(val);
			p->groups[p->ngroups++].iso = NULL;
		}
	}
	fclose(f);
	if (p->nstates == 0 || p->ngroups == 0)
		fatalx("%s: no [states] or no [groups]", path);
}

static void
partners_free(struct partners *p)
{
	size_t	i;

	for (i = 0; i < p->nstates; i++) {
		free(p->states[i].name);
		free(p->states[i].iso);
	}
	for (i = 0; i < p->ngroups; i++)
		free(p->groups[i].name);
	free(p->states);
	free(p->groups);
}

/* ------------------------------------------------------------- morphology */

/*
 * The -ci/-cı/-cu/-cü of a numeral follows the last vowel of its spoken
 * form: 2016 "iki min on altı" -> -cı, 2019 "... doqquz" -> -cu.
 */
static const char *
ordinal_suffix(int n)
{
	static const char *const units[] = { NULL, "ci", "ci", "cü", "cü",
	    "ci", "cı", "ci", "ci", "cu" };
	static const char *const tens[] = { NULL, "cu", "ci", "cu", "cı",
	    "ci", "cı", "ci", "ci", "cı" };

	if (n % 10 != 0)
		return units[n % 10];
	if ((n / 10) % 10 != 0)
		return tens[(n / 10) % 10];
	if ((n / 100) % 10 != 0)
		return "cü";		/* yüz */
	return "ci";			/* min */
}

/* Whether a numeral's last vowel is a front one (-də) or back (-da). */
static int
numeral_front(int n)
{
	const char	*s = ordinal_suffix(n);

	return strcmp(s, "ci") == 0 || strcmp(s, "cü") == 0;
}

/* The genitive of a name: Gürcüstan -> Gürcüstanın, Kanada -> Kanadanın. */
static void
genitive(struct buf *b, const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	const char		*v = "ı";
	size_t			 i, n = strlen(name);
	int			 last_vowel_end = 0;

	for (i = 0; i < n; i++) {
		/* ASCII vowels and the two-byte Azerbaijani ones. */
		if (s[i] != '\0' && strchr("aAoOuUI", s[i]) != NULL) {
			v = strchr("oOuU", s[i]) ? "u" : "ı";
			last_vowel_end = (int)i + 1;
		} else if (s[i] != '\0' && strchr("eEi", s[i]) != NULL) {
			v = "i";
			last_vowel_end = (int)i + 1;
		} else if (i + 1 < n && ((s[i] == 0xc4 && s[i + 1] == 0xb1) ||
		    (s[i] == 0xc4 && s[i + 1] == 0xb0))) {	/* ı İ */
			v = s[i + 1] == 0xb1 ? "ı" : "i";
			last_vowel_end = (int)i + 2;
		} else if (i + 1 < n && s[i] == 0xc9 && (s[i + 1] == 0x99 ||
		    s[i + 1] == 0x8f)) {			/* ə Ə */
			v = "i";
			last_vowel_end = (int)i + 2;
		} else if (i + 1 < n && s[i] == 0xc3 && (s[i + 1] == 0xb6 ||
		    s[i + 1] == 0xbc || s[i + 1] == 0x96 ||
		    s[i + 1] == 0x9c)) {			/* ö ü Ö Ü */
			v = "ü";
			last_vowel_end = (int)i + 2;
		}
	}
	bput(b, name);
	if (last_vowel_end == (int)n)
		bput(b, "n");
	bput(b, v);
	bput(b, "n");
}

/* ------------------------------------------------------------------ dates */

struct date {
	int	y, m, d;
};

enum date_form {
	DF_IL_DAY_MONTH,	/* 2016-cı il 21 noyabr tarixində */
	DF_DAY_MONTH_YEAR,	/* 15 mart 2017-ci il tarixində */
	DF_ILIN_MONTH,		/* 2016-cı ilin oktyabrın 10-da */
	DF_RANGE,		/* 23-24 noyabr 2016-cı il tarixlərdə */
	DF_FROM,		/* 2017-ci il 1 may tarixindən */
};

static struct date
random_date(struct rng *r, int y, int m_lo, int m_hi)
{
	struct date	d;

	d.y = y;
	d.m = between(r, m_lo, m_hi);
	d.d = between(r, 1, 27);
	return d;
}

static int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y - b->y;
	if (a->m != b->m)
		return a->m - b->m;
	return a->d - b->d;
}

/* Write a date in one of the report forms. */
static void
put_date(struct buf *b, struct rng *r, const struct date *d,
    enum date_form f)
{
	const char	*ys = ordinal_suffix(d->y);

	switch (f) {
	case DF_IL_DAY_MONTH:
		bprintf(b, "%d-%s il %d %s tarixində", d->y, ys, d->d,
		    months[d->m - 1]);
		break;
	case DF_DAY_MONTH_YEAR:
		bprintf(b, "%d %s %d-%s il tarixində", d->d, months[d->m - 1],
		    d->y, ys);
		break;
	case DF_ILIN_MONTH:
		bprintf(b, "%d-%s ilin %s %d-%s", d->y, ys,
		    months_genitive[d->m - 1], d->d,
		    numeral_front(d->d) ? "də" : "da");
		break;
	case DF_RANGE:
		bprintf(b, "%d-%d %s %d-%s il tarixlərdə", d->d,
		    d->d + between(r, 1, 2), months[d->m - 1], d->y, ys);
		break;
	case DF_FROM:
		bprintf(b, "%d-%s il %d %s tarixindən", d->y, ys, d->d,
		    months[d->m - 1]);
		break;
	}
}

static void
date_iso(char out[11], const struct date *d)
{
	if (d == NULL || d->y == 0)
		out[0] = '\0';
	else
		snprintf(out, 11, "%04d-%02d-%02d", d->y, d->m, d->d);
}

/* ----------------------------------------------------------------- report */

struct gen {
	struct rng		 r;
	const struct partners	*pt;
	const struct agency	*agency;
	int			 year;
	int			 noisy;		/* NBSP, double spaces, ... */
	struct buf		 text;
	cJSON			*measures, *agreements;
	char			**names;	/* agreement names used */
	size_t			 nnames;
};

/* Join words with a space, or now and then an NBSP or two spaces. */
static void
put_noisy(struct gen *g, struct buf *b, const char *s)
{
	const char	*p;

	if (!g->noisy) {
		bput(b, s);
		return;
	}
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ' && chance(&g->r, 3)) {
			bput(b, chance(&g->r, 50) ? NBSP : "  ");
			continue;
		}
		bgrow(b, 1);
		b->p[b->len++] = *p;
		b->p[b->len] = '\0';
	}
}

static void
put_filler_paragraph(struct gen *g, struct buf *b)
{
	int	n = between(&g->r, 1, 4), i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			bput(b, " ");
		put_noisy(g, b, PICK(&g->r, filler));
	}
}

/* One agreement's name and what the parser should make of it. */
struct agreement {
	struct buf	 name;		/* as it must come out: plain spaces */
	const char	*kind;
	const char	*partner;
	const char	*iso;
	const char	*open, *close;
};

static int
name_used(struct gen *g, const char *name)
{
	size_t	i;

	for (i = 0; i < g->nnames; i++)
		if (strcmp(g->names[i], name) == 0)
			return 1;
	return 0;
}

/* Make up a new agreement name with a partner. */
static void
make_agreement(struct gen *g, struct agreement *a)
{
	const struct partner	*p;
	struct buf		*b = &a->name;
	int			 form, tries = 0;
	const char		*topic, *field;
	const char *const	*q;

	q = quote_pairs[below(&g->r, NELEM(quote_pairs))];
	a->open = q[0];
	a->close = q[1];
again:
	breset(b);
	if (chance(&g->r, 15)) {
		p = &g->pt->groups[below(&g->r, (uint32_t)g->pt->ngroups)];
		form = 100;
	} else {
		p = &g->pt->states[below(&g->r, (uint32_t)g->pt->nstates)];
		/* Forms 0-6 mostly; the readmission protocols now and then. */
		form = (int)below(&g->r, 16);
		form = form < 14 ? form / 2 : form - 7;
	}
	a->partner = p->name;
	a->iso = p->iso;
	switch (form) {
	case 0:
	case 1:
		bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s Hökuməti "
		    "arasında ", p->name);
		break;
	case 2:
		bprintf(b, "Azərbaycan Respublikası Hökuməti və %s Hökuməti "
		    "arasında ", p->name);
		break;
	case 3:
		bprintf(b, "Azərbaycan Respublikası ilə %s arasında ",
		    p->name);
		break;
	case 4:
		bprintf(b, "Azərbaycan Respublikası və %s arasında ", p->name);
		break;
	case 5:		/* a body of the state stands for it */
		bprintf(b, "Azərbaycan Respublikasının %s ilə ",
		    g->agency->name);
		genitive(b, p->name);
		bprintf(b, " %s arasında ", PICK(&g->r, state_bodies));
		break;
	case 6:
		bprintf(b, "Azərbaycan Respublikasının %s ilə %s %s arasında ",
		    g->agency->name, p->name, PICK(&g->r, state_bodies));
		break;
	case 7:		/* an implementing protocol quoting a Saziş */
		bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s Hökuməti "
		    "arasında Avropa İttifaqı ilə Azərbaycan Respublikası "
		    "arasında icazəsiz yaşayan şəxslərin readmissiyasına dair "
		    "Saziş%sin həyata keçirilməsi üzrə İcra Protokolu",
		    p->name, a->close);
		a->kind = "protokol";
		goto done;
	case 8:		/* one naming a Saziş inflected, unquoted */
		bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s Hökuməti "
		    "arasında Azərbaycan Respublikası ilə Avropa İttifaqı "
		    "arasında icazəsiz yaşayan şəxslərin readmissiyası haqqında "
		    "Sazişin həyata keçirilməsi üzrə İcra Protokolu", p->name);
		a->kind = "protokol";
		goto done;
	default:	/* an organisation */
		if (chance(&g->r, 50))
			bprintf(b, "Azərbaycan Respublikasının %s ilə %s "
			    "arasında ", g->agency->name, p->name);
		else
			bprintf(b, "Azərbaycan Respublikası Hökuməti ilə %s "
			    "arasında ", p->name);
		break;
	}
	topic = PICK(&g->r, topics);
	field = PICK(&g->r, fields);
	switch (below(&g->r, 10)) {
	case 9:
		bprintf(b, "%s sahəsində əməkdaşlıq Müqaviləsi", field);
		a->kind = "müqavilə";
		break;
	case 0:
	case 1:
		bprintf(b, "%s haqqında Saziş", topic);
		a->kind = "saziş";
		break;
	case 2:
		bprintf(b, "%s sahəsində əməkdaşlıq Sazişi", field);
		a->kind = "saziş";
		break;
	case 3:
		bprintf(b, "%s barədə Saziş", topic);
		a->kind = "saziş";
		break;
	case 4:
		bprintf(b, "%s haqqında Müqavilə", topic);
		a->kind = "müqavilə";
		break;
	case 5:
		bprintf(b, "%s sahəsində əməkdaşlıq haqqında Müqavilə",
		    field);
		a->kind = "müqavilə";
		break;
	case 6:
		bprintf(b, "%s haqqında Protokol", topic);
		a->kind = "protokol";
		break;
	case 7:
		bprintf(b, "%s sahəsində əməkdaşlığa dair Anlaşma "
		    "Memorandumu", field);
		a->kind = "memorandum";
		break;
	default:
		bprintf(b, "%s sahəsində əməkdaşlıq haqqında Memorandum",
		    field);
		a->kind = "memorandum";
		break;
	}
done:
	if (name_used(g, b->p) && ++tries < 20)
		goto again;
	g->names = xrealloc(g->names, (g->nnames + 1) * sizeof *g->names);
	g->names[g->nnames++] = xstrdup(b->p);
}

/* Write the quoted name into the text, maybe with an NBSP or two spaces. */
static void
put_name(struct gen *g, struct buf *b, const struct agreement *a)
{
	bput(b, a->open);
	put_noisy(g, b, a->name.p);
	bput(b, a->close);
}

/* Record what the parser must find for an agreement. */
static void
expect_agreement(struct gen *g, const struct agreement *a, enum stage st,
    const struct date *d, const char *measure)
{
	cJSON	*o = cJSON_CreateObject();
	char	 iso[11];

	cJSON_AddStringToObject(o, "name", a->name.p);
	cJSON_AddStringToObject(o, "kind", a->kind);
	cJSON_AddStringToObject(o, "partner", a->partner);
	if (a->iso != NULL)
		cJSON_AddStringToObject(o, "partner_iso", a->iso);
	else
		cJSON_AddNullToObject(o, "partner_iso");
	cJSON_AddStringToObject(o, "stage", stage_names[st]);
	date_iso(iso, d);
	if (iso[0] != '\0')
		cJSON_AddStringToObject(o, "date", iso);
	else
		cJSON_AddNullToObject(o, "date");
	cJSON_AddStringToObject(o, "measure", measure);
	cJSON_AddItemToArray(g->agreements, o);
}

/* When the event is dated, draw its day in year y and write it and a space. */
static void
put_event_date(struct gen *g, struct buf *b, int dated, int y,
    enum date_form f, struct date *d)
{
	if (!dated)
		return;
	*d = random_date(&g->r, y, 1, 12);
	put_date(b, &g->r, d, f);
	bput(b, " ");
}

/*
 * Write one agreement's paragraph text, at the given stage, in one of the
 * ways the reports say it, and record what it says.  Each template holds the
 * cues of its stage and of earlier stages only; the date written for the
 * stage's own event is the one expected.
 *
 * A participle before the name ("... tarixində imzalanmış “N”") stages N
 * (DOMAIN.md), also after another agreement in the same paragraph.
 */
static void
put_agreement(struct gen *g, struct buf *b, const char *measure)
{
	struct agreement	 a;
	enum stage		 st = (enum stage)below(&g->r, NSTAGES);
	struct date		 d = { 0, 0, 0 }, d1, d2;
	int			 y = g->year;
	const int		 dated = chance(&g->r, 60);

	memset(&a, 0, sizeof a);
	make_agreement(g, &a);
	switch (st) {
	case DRAFTING:
		switch (below(&g->r, 3)) {
		case 0:
			put_name(g, b, &a);
			bput(b, " layihəsi hazırlanmışdır.");
			break;
		case 1:
			put_name(g, b, &a);
			bput(b, " layihəsi hazırlanaraq ");
			put_event_date(g, b, dated, y, DF_IL_DAY_MONTH, &d);
			bput(b, "Azərbaycan Respublikasının Xarici İşlər "
			    "Nazirliyinə göndərilmişdir.");
			break;
		default:
			bput(b, "Bundan əlavə, ");
			put_name(g, b, &a);
			bput(b, " layihəsi qarşı tərəfin rəy və təklifləri "
			    "nəzərə alınmaqla yenidən işlənilmiş və qarşı "
			    "tərəfə təqdim edilməsi üçün Azərbaycan "
			    "Respublikasının Xarici İşlər Nazirliyinə təqdim "
			    "edilmişdir.");
			break;
		}
		break;
	case SUBMITTED:
		switch (below(&g->r, 3)) {
		case 0:
			put_name(g, b, &a);
			bput(b, " layihəsi hazırlanmış və Azərbaycan "
			    "Respublikası Xarici İşlər Nazirliyi vasitəsilə "
			    "qarşı tərəfə təqdim olunmuşdur.");
			break;
		case 1:
			put_name(g, b, &a);
			bput(b, " layihəsi ");
			put_event_date(g, b, dated, y, DF_ILIN_MONTH, &d);
			bprintf(b, "%s tərəfinə təqdim edilmişdir.", a.partner);
			break;
		default:
			put_name(g, b, &a);
			bput(b, " layihəsi ");
			put_event_date(g, b, dated, y, DF_DAY_MONTH_YEAR, &d);
			bput(b, "diplomatik kanallar vasitəsilə qarşı tərəfə "
			    "göndərilmişdir. Sənədin tezliklə imzalanması "
			    "istiqamətində işlər aparılır.");
			break;
		}
		break;
	case UNDER_REVIEW:
		if (chance(&g->r, 50)) {
			put_name(g, b, &a);
			bput(b, " layihəsi qarşı tərəfin aidiyyəti dövlət "
			    "qurumlarında baxılmaqdadır.");
		} else {	/* the stage in the next sentence, undated */
			struct date	sent = random_date(&g->r, y, 1, 12);

			put_name(g, b, &a);
			bput(b, " layihəsi ");
			put_date(b, &g->r, &sent, DF_IL_DAY_MONTH);
			bput(b, " qarşı tərəfə təqdim olunmuşdur. Hazırda "
			    "layihəyə qarşı tərəfdə baxılmaqdadır.");
		}
		break;
	case NEGOTIATING:
		switch (below(&g->r, 4)) {
		case 0:
			put_name(g, b, &a);
			bput(b, " layihəsinin ");
			put_event_date(g, b, dated, y, DF_RANGE, &d);
			bput(b, "ekspertlər səviyyəsində növbəti dəfə "
			    "müzakirəsi aparılmış və layihənin bir çox "
			    "bəndləri razılaşdırılmışdır.");
			break;
		case 1:
			put_name(g, b, &a);
			bput(b, " layihəsi üzrə danışıqlar aparılır.");
			break;
		case 2:		/* two meetings: the later one counts */
			d1 = random_date(&g->r, y, 1, 12);
			d2 = random_date(&g->r, y, 1, 12);
			put_name(g, b, &a);
			bput(b, " layihəsinin qarşılıqlı olaraq ilkin "
			    "müzakirəsi ");
			put_date(b, &g->r, &d1, DF_RANGE);
			bprintf(b, " %s şəhərində, digəri isə ",
			    PICK(&g->r, cities));
			put_date(b, &g->r, &d2, DF_RANGE);
			bput(b, " Bakı şəhərində keçirilmişdir. Layihənin bir "
			    "maddəsi istisna olmaqla, digərləri üzrə razılıq "
			    "əldə olunmuşdur.");
			d = date_cmp(&d1, &d2) >= 0 ? d1 : d2;
			break;
		default:
			put_name(g, b, &a);
			bput(b, " layihəsinin ");
			if (dated) {
				d = random_date(&g->r, y, 1, 12);
				put_date(b, &g->r, &d, DF_RANGE);
				bprintf(b, " %s şəhərində ",
				    PICK(&g->r, cities));
			}
			bput(b, "növbəti dəfə müzakirəsi zamanı bir neçə "
			    "maddədə dəyişiklik edilməsi razılaşdırılmışdır.");
			break;
		}
		break;
	case SIGNING:
		switch (below(&g->r, 3)) {
		case 0:
			put_name(g, b, &a);
			bput(b, " layihəsi imzalanma mərhələsindədir.");
			break;
		case 1:
			put_name(g, b, &a);
			bput(b, " layihəsi üzrə danışıqlar başa çatmışdır.");
			break;
		default:
			put_name(g, b, &a);
			bput(b, " layihəsi ");
			put_event_date(g, b, dated, y, DF_IL_DAY_MONTH, &d);
			bput(b, "paraflanmışdır.");
			break;
		}
		break;
	case SIGNED:
		d = random_date(&g->r, y, 1, 12);
		switch (below(&g->r, 4)) {
		case 3:		/* the participle before the name */
			bput(b, "Bundan əlavə, ");
			put_date(b, &g->r, &d, DF_IL_DAY_MONTH);
			bput(b, " imzalanmış ");
			put_name(g, b, &a);
			bput(b, " üzrə birgə işçi qrup yaradılmışdır.");
			break;
		case 0:
			put_name(g, b, &a);
			bput(b, " ");
			put_date(b, &g->r, &d, chance(&g->r, 50) ?
			    DF_ILIN_MONTH : DF_IL_DAY_MONTH);
			bput(b, " imzalanmışdır.");
			break;
		case 1:
			put_name(g, b, &a);
			bput(b, " ");
			put_date(b, &g->r, &d, DF_DAY_MONTH_YEAR);
			bprintf(b, " %s şəhərində tərəflərin rəhbərləri "
			    "tərəfindən imzalanmışdır.", PICK(&g->r, cities));
			break;
		default:	/* a lower stage first, then the signature */
			put_name(g, b, &a);
			bput(b, " layihəsi üzrə danışıqlar başa çatmışdır. "
			    "Sənəd ");
			put_date(b, &g->r, &d, DF_IL_DAY_MONTH);
			bput(b, " imzalanmışdır.");
			break;
		}
		break;
	case RATIFIED:
		d = random_date(&g->r, y, 1, 12);
		d1 = random_date(&g->r, y - 1, 1, 12);
		switch (below(&g->r, 4)) {
		case 0:		/* signed earlier, said before the name */
			bput(b, "Bundan əlavə, ");
			put_date(b, &g->r, &d1, DF_DAY_MONTH_YEAR);
			bput(b, " imzalanmış ");
			put_name(g, b, &a);
			bput(b, " Milli Məclis tərəfindən ");
			put_date(b, &g->r, &d, DF_IL_DAY_MONTH);
			bput(b, " ratifikasiya edilmişdir.");
			break;
		case 1:
		case 2:		/* signed earlier: that is not its date */
			put_name(g, b, &a);
			bput(b, " ");
			put_date(b, &g->r, &d1, DF_DAY_MONTH_YEAR);
			bput(b, " imzalanmış və Azərbaycan Respublikasının Milli "
			    "Məclisi tərəfindən ");
			put_date(b, &g->r, &d, DF_ILIN_MONTH);
			bput(b, " ratifikasiya edilmişdir.");
			break;
		default:
			put_name(g, b, &a);
			bput(b, " ");
			put_date(b, &g->r, &d, DF_IL_DAY_MONTH);
			bput(b, " ratifikasiya olunmuşdur.");
			break;
		}
		break;
	case IN_FORCE:
		d = random_date(&g->r, y, 7, 12);
		put_name(g, b, &a);
		bput(b, " ");
		if (chance(&g->r, 50)) {
			d1 = random_date(&g->r, y - 1, 1, 12);
			d2 = random_date(&g->r, y, 1, 6);
			put_date(b, &g->r, &d1, DF_IL_DAY_MONTH);
			bput(b, " imzalanmış, ");
			put_date(b, &g->r, &d2, DF_ILIN_MONTH);
			bput(b, " ratifikasiya edilmiş və ");
		}
		put_date(b, &g->r, &d, DF_FROM);
		bput(b, " qüvvəyə minmişdir.");
		break;
	case NSTAGES:
		break;
	}
	expect_agreement(g, &a, st, &d, measure);
	free(a.name.p);
}

/* Two names sharing one verb after the second. */
static void
put_joined_agreements(struct gen *g, struct buf *b, const char *measure)
{
	struct agreement	a1, a2;
	struct date		d = { 0, 0, 0 };
	enum stage		st;

	memset(&a1, 0, sizeof a1);
	memset(&a2, 0, sizeof a2);
	make_agreement(g, &a1);
	make_agreement(g, &a2);
	if (chance(&g->r, 50)) {
		st = NEGOTIATING;
		put_name(g, b, &a1);
		bput(b, " layihəsinin, habelə ");
		put_name(g, b, &a2);
		bput(b, " layihəsinin imzalanması istiqamətində danışıqlar "
		    "aparılır.");
	} else {
		st = SIGNED;
		d = random_date(&g->r, g->year, 1, 12);
		put_name(g, b, &a1);
		bput(b, " və ");
		put_name(g, b, &a2);
		bput(b, " ");
		put_date(b, &g->r, &d, DF_IL_DAY_MONTH);
		bprintf(b, " %s şəhərində imzalanmışdır.", PICK(&g->r, cities));
	}
	expect_agreement(g, &a1, st, &d, measure);
	expect_agreement(g, &a2, st, &d, measure);
	free(a1.name.p);
	free(a2.name.p);
}

/* A quoted agreement, or a convention, named with no stage: a mention. */
static void
put_mention(struct gen *g, struct buf *b)
{
	struct agreement	a;

	if (chance(&g->r, 50)) {
		const char *const *q = quote_pairs[below(&g->r,
		    NELEM(quote_pairs))];

		const char *const *m = convention_mentions[below(&g->r,
		    NELEM(convention_mentions))];

		bprintf(b, "%s%s%s%s", q[0], m[0], q[1], m[1]);
		return;
	}
	memset(&a, 0, sizeof a);
	make_agreement(g, &a);
	put_name(g, b, &a);
	bput(b, "in müddəalarına uyğun olaraq ekspertlər arasında təcrübə "
	    "mübadiləsi aparılır.");
	free(a.name.p);
}

enum dl_kind { DL_REGULAR, DL_YEAR, DL_RANGE, DL_UNTIL, DL_OTHER };

static const char *const dl_names[] = {
	"regular", "year", "range", "until", "other"
};

struct deadline {
	enum dl_kind	 kind;
	int		 start, end;
	struct buf	 text;
};

static void
make_deadline(struct gen *g, struct deadline *d)
{
	int	hi = g->year + 2 > 2021 ? 2021 : g->year + 2;

	breset(&d->text);
	d->start = d->end = 0;
	switch (below(&g->r, 10)) {
	case 0:
	case 1:
	case 2:
		d->kind = DL_REGULAR;
		bput(&d->text, "Mütəmadi");
		break;
	case 3:
	case 4:
		d->kind = DL_YEAR;
		d->start = d->end = between(&g->r, 2012, hi);
		bprintf(&d->text, "%d-%s il", d->end,
		    ordinal_suffix(d->end));
		break;
	case 5:
	case 6:
		d->kind = DL_RANGE;
		d->end = between(&g->r, 2013, hi);
		d->start = between(&g->r, 2012, d->end - 1);
		bprintf(&d->text, "%d-%d-%s illər", d->start, d->end,
		    ordinal_suffix(d->end));
		break;
	case 7:
	case 8:
		d->kind = DL_UNTIL;
		d->end = between(&g->r, 2012, hi);
		bprintf(&d->text, "%d-%s %s", d->end, ordinal_suffix(d->end),
		    PICK(&g->r, until_tails));
		break;
	default:
		d->kind = DL_OTHER;
		bput(&d->text, PICK(&g->r, other_deadlines));
		break;
	}
}

/* Write the executing bodies' cell and record the names it must give. */
static void
put_executors(struct gen *g, struct buf *b, cJSON *m)
{
	cJSON		*arr = cJSON_AddArrayToObject(m, "executors");
	size_t		 used[3];
	int		 n = between(&g->r, 1, 3), i, j;
	const struct body *x;

	for (i = 0; i < n; i++) {
again:
		used[i] = below(&g->r, NELEM(bodies));
		for (j = 0; j < i; j++)
			if (used[j] == used[i])
				goto again;
		x = &bodies[used[i]];
		if (i > 0)
			bput(b, g->noisy && chance(&g->r, 20) ? "," NBSP : ", ");
		if (x->prefix && chance(&g->r, 50))
			bput(b, chance(&g->r, 50) ? "Azərbaycan Respublikasının "
			    : "Azərbaycan Respublikası ");
		bput(b, x->name);
		cJSON_AddItemToArray(arr, cJSON_CreateString(x->name));
	}
}

enum mstatus { MS_COMPLETED, MS_IN_PROGRESS, MS_ONGOING, MS_NOT_REPORTED };

static const char *const status_names[] = {
	"completed", "in_progress", "ongoing", "not_reported"
};

static void
put_header(struct gen *g, struct buf *b)
{
	bput(b, "\t\n");
	if (chance(&g->r, 20))
		bput(b, "\t№№\n");
	bput(b, "\tTədbirin adı\n\tİcra müddəti\n\tİcra orqanları\n\n");
}

/* Write one measure: number, title, cells, work done; record it. */
static void
put_measure(struct gen *g, int chapter, int number)
{
	struct buf	*b = &g->text;
	struct deadline	 dl;
	char		 id[16];
	cJSON		*m;
	enum mstatus	 st;
	int		 paras, agreements, i, completed_cue = 0;
	int		 has_agreements = chance(&g->r, g->agency->agreements);

	memset(&dl, 0, sizeof dl);
	snprintf(id, sizeof id, "%d.%d", chapter, number);
	make_deadline(g, &dl);

	/* What the work-done section will say. */
	if (chance(&g->r, 12))
		st = MS_NOT_REPORTED;
	else if (dl.kind == DL_REGULAR)
		st = MS_ONGOING;
	else
		st = chance(&g->r, 45) ? MS_COMPLETED : MS_IN_PROGRESS;

	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "id", id);
	cJSON_AddNumberToObject(m, "chapter", chapter);

	if (chance(&g->r, 85))
		put_header(g, b);
	bprintf(b, "\t%s%s\n", id, chance(&g->r, 60) ? "." : "");
	{
		const char *title = PICK(&g->r, measure_titles);

		bprintf(b, "\t%s\n", title);
		cJSON_AddStringToObject(m, "title", title);
	}
	if (chance(&g->r, 25)) {	/* the deadline right after the title */
		bprintf(b, "\t%s\n\n\t", dl.text.p);
		put_executors(g, b, m);
		bput(b, "\n\n\n");
	} else {
		bput(b, "\n");
		if (chance(&g->r, 30))
			bprintf(b, "%s\n\n", PICK(&g->r, descriptions));
		bprintf(b, "%s\t%s%s\n\t", g->noisy && chance(&g->r, 30) ?
		    " " : "", dl.text.p, g->noisy && chance(&g->r, 30) ?
		    NBSP : "");
		put_executors(g, b, m);
		bput(b, "\n\n");
	}
	{
		cJSON *d = cJSON_AddObjectToObject(m, "deadline");

		cJSON_AddStringToObject(d, "text", dl.text.p);
		cJSON_AddStringToObject(d, "kind", dl_names[dl.kind]);
		if (dl.start)
			cJSON_AddNumberToObject(d, "start", dl.start);
		else
			cJSON_AddNullToObject(d, "start");
		if (dl.end)
			cJSON_AddNumberToObject(d, "end", dl.end);
		else
			cJSON_AddNullToObject(d, "end");
	}
	bput(b, g->noisy && chance(&g->r, 30) ? "\tGörülmüş işlər\n\t\n" :
	    "\t\n\tGörülmüş işlər\n\n\t\n");

	if (st != MS_NOT_REPORTED) {
		/* Paragraphs: filler, agreements, maybe a status sentence, in
		 * an order of their own. */
		enum { P_FILLER, P_AGREEMENT, P_STATUS } order[16], t;
		int n = 0, j;

		paras = between(&g->r, 1, 4);
		agreements = has_agreements ? between(&g->r, 1, 4) : 0;
		completed_cue = (st == MS_COMPLETED ||
		    (st == MS_ONGOING && chance(&g->r, 15))) ? 1 :
		    (st == MS_IN_PROGRESS && chance(&g->r, 60)) ? 2 : 0;
		for (i = 0; i < paras; i++)
			order[n++] = P_FILLER;
		for (i = 0; i < agreements; i++)
			order[n++] = P_AGREEMENT;
		if (completed_cue != 0)
			order[n++] = P_STATUS;
		for (i = n - 1; i > 0; i--) {
			j = (int)below(&g->r, (uint32_t)i + 1);
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		for (i = 0; i < n; i++) {
			if (i == 0)
				bput(b, g->noisy && chance(&g->r, 20) ? " \t" :
				    "\t");
			if (i == 0 && g->noisy && chance(&g->r, 30))
				bput(b, "[bookmark: _GoBack]");
			if (order[i] == P_AGREEMENT) {
				int kind = (int)below(&g->r, 10);

				if (kind == 0)
					put_joined_agreements(g, b, id);
				else if (kind == 1)
					put_mention(g, b);
				else {
					put_agreement(g, b, id);
					/* Another in the same paragraph:
					 * each is staged by its own words. */
					if (chance(&g->r, 20)) {
						bput(b, " ");
						put_agreement(g, b, id);
					}
				}
			} else if (order[i] == P_STATUS)
				put_noisy(g, b, completed_cue == 1 ?
				    PICK(&g->r, completion) :
				    PICK(&g->r, progress));
			else
				put_filler_paragraph(g, b);
			bput(b, g->noisy && chance(&g->r, 10) ? " \n\n" :
			    "\n\n");
		}
	}
	bput(b, "\n");

	cJSON_AddStringToObject(m, "status", status_names[st]);
	if (dl.end != 0 && dl.end < g->year && st != MS_COMPLETED) {
		cJSON_AddTrueToObject(m, "overdue");
		cJSON_AddNumberToObject(m, "overdue_years", g->year - dl.end);
	} else {
		cJSON_AddFalseToObject(m, "overdue");
		cJSON_AddNullToObject(m, "overdue_years");
	}
	cJSON_AddItemToArray(g->measures, m);
	free(dl.text.p);
}

static void
put_title(struct gen *g)
{
	struct buf	*b = &g->text;
	const char	*prefix = "";

	if (chance(&g->r, 30))
		prefix = chance(&g->r, 50) ? "Azərbaycan Respublikasının " :
		    "Azərbaycan Respublikası ";
	bprintf(b, "Azərbaycan Respublikası Prezidentinin 2011-ci il 27 "
	    "dekabr tarixli 1938 nömrəli Sərəncamı ilə təsdiq edilmiş "
	    "“Azərbaycan Respublikasında insan hüquq və azadlıqlarının "
	    "müdafiəsinin səmərəliliyini artırmaq sahəsində Milli Fəaliyyət "
	    "Proqramı%s %s", PICK(&g->r, title_heads), prefix);
	put_noisy(g, b, g->agency->name);
	bprintf(b, " tərəfindən %d-%s il ərzində görülmüş işlər barədə%s\n\n"
	    "HESABAT\n\n", g->year, ordinal_suffix(g->year),
	    chance(&g->r, 50) ? " " : "");
	bput(b, "\t№№\n\tTədbirin adı\n\tİcra müddəti\n\tİcra orqanları\n\n");
}

/* Generate report number index of the corpus into g->text; describe it. */
static cJSON *
gen_report(struct gen *g, uint64_t seed, unsigned index)
{
	cJSON	*rep = cJSON_CreateObject(), *chapters;
	int	 nch, ch, last = 0, i, nmeas, num;

	g->r.s = seed * 0x2545f4914f6cdd1dULL + index;
	rng_next(&g->r);
	g->agency = &agencies[below(&g->r, NELEM(agencies))];
	g->year = between(&g->r, 2012, 2020);
	g->noisy = chance(&g->r, 30);
	breset(&g->text);
	g->measures = cJSON_CreateArray();
	g->agreements = cJSON_CreateArray();

	cJSON_AddStringToObject(rep, "agency", g->agency->name);
	cJSON_AddNumberToObject(rep, "year", g->year);
	chapters = cJSON_AddArrayToObject(rep, "chapters");

	put_title(g);
	nch = between(&g->r, 1, 5);
	for (i = 0; i < nch; i++) {
		cJSON	*c;

		/* Chapters in order, not always consecutive. */
		ch = last + 1 + (int)below(&g->r, i == 0 ? 3 : 2);
		if (ch > 10 - (nch - i - 1))
			ch = last + 1;
		if (ch > 10)
			break;
		last = ch;
		bprintf(&g->text, "\t\n\t%s Fəsil\n%s\n\n", ordinals[ch - 1],
		    chapter_titles[ch - 1]);
		c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "number", ch);
		cJSON_AddStringToObject(c, "title", chapter_titles[ch - 1]);
		cJSON_AddItemToArray(chapters, c);
		if (chance(&g->r, 25))
			bprintf(&g->text, "\t\n\t%s \n\n",
			    PICK(&g->r, chapter_intros));
		/* A chapter with only its introduction, now and then. */
		nmeas = chance(&g->r, 8) && i > 0 ? 0 : between(&g->r, 1, 6);
		for (num = 0; nmeas > 0; nmeas--) {
			num += chance(&g->r, 20) ? 2 : 1;
			put_measure(g, ch, num);
		}
	}
	bput(&g->text, "\n");
	cJSON_AddItemToObject(rep, "measures", g->measures);
	cJSON_AddItemToObject(rep, "agreements", g->agreements);
	for (i = 0; i < (int)g->nnames; i++)
		free(g->names[i]);
	g->nnames = 0;
	return rep;
}

/* ---------------------------------------------------------------- output */

enum encoding { E_UTF8, E_UTF8_BOM, E_UTF16LE, E_UTF16BE };

static const char *const encoding_names[] = {
	"utf-8", "utf-8-bom", "utf-16le", "utf-16be"
};

/* Convert UTF-8 to UTF-16 (LE or BE) with iconv(3). */
static void
to_utf16(const struct buf *in, const char *to, struct buf *out)
{
	iconv_t	 cd;
	char	*ip = in->p, *op;
	size_t	 il = in->len, ol;

	if ((cd = iconv_open(to, "UTF-8")) == (iconv_t)-1)
		fatalx("iconv_open %s: %s", to, strerror(errno));
	breset(out);
	bgrow(out, in->len * 2 + 16);
	op = out->p;
	ol = out->cap - 1;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
		fatalx("iconv to %s: %s", to, strerror(errno));
	out->len = (size_t)(op - out->p);
	iconv_close(cd);
}

/* Write the report's bytes in its encoding and line ends. */
static size_t
write_report(const char *path, const struct buf *text, enum encoding enc,
    int crlf, struct buf *tmp, struct buf *tmp2)
{
	const struct buf	*src = text;
	FILE			*f;
	size_t			 i, n = 0;

	if (crlf) {
		breset(tmp2);
		bgrow(tmp2, text->len * 2);
		for (i = 0; i < text->len; i++) {
			if (text->p[i] == '\n')
				tmp2->p[tmp2->len++] = '\r';
			tmp2->p[tmp2->len++] = text->p[i];
		}
		tmp2->p[tmp2->len] = '\0';
		src = tmp2;
	}
	if ((f = fopen(path, "wb")) == NULL)
		fatalx("%s: %s", path, strerror(errno));
	switch (enc) {
	case E_UTF8:
		n = fwrite(src->p, 1, src->len, f);
		break;
	case E_UTF8_BOM:
		n = fwrite("\xef\xbb\xbf", 1, 3, f);
		n += fwrite(src->p, 1, src->len, f);
		break;
	case E_UTF16LE:
		to_utf16(src, "UTF-16LE", tmp);
		n = fwrite("\xff\xfe", 1, 2, f);
		n += fwrite(tmp->p, 1, tmp->len, f);
		break;
	case E_UTF16BE:
		to_utf16(src, "UTF-16BE", tmp);
		n = fwrite("\xfe\xff", 1, 2, f);
		n += fwrite(tmp->p, 1, tmp->len, f);
		break;
	}
	if (ferror(f) || fclose(f) != 0)
		fatalx("%s: write error", path);
	return n;
}

static void
usage(FILE *f)
{
	fputs("usage: napmon-gencorpus --seed N --count N --out DIR "
	    "[--partners FILE]\n\n"
	    "Write N made-up progress reports into DIR and DIR/manifest.json,\n"
	    "which says what each one holds.  The same seed gives the same\n"
	    "files everywhere.\n\n"
	    "  --partners FILE  partners.ini to draw partners from\n", f);
}

static unsigned long long
number_arg(const char *name, const char *s)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || *s == '-') {
		fprintf(stderr, "napmon-gencorpus: --%s wants a number, not "
		    "'%s'\n", name, s);
		exit(EX_USAGE);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "out", required_argument, NULL, 'o' },
		{ "partners", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*out = NULL, *ppath = NAPMON_PARTNERS_INI;
	unsigned long long	 seed = 0, count = 0;
	int			 c, have_seed = 0, have_count = 0;
	struct partners		 pt;
	struct gen		 g;
	struct buf		 path = { 0 }, tmp = { 0 }, tmp2 = { 0 };
	FILE			*mf;
	unsigned		 i;
	unsigned long long	 total = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			seed = number_arg("seed", optarg);
			have_seed = 1;
			break;
		case 'n':
			count = number_arg("count", optarg);
			have_count = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			ppath = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (!have_seed || !have_count || out == NULL || optind != argc ||
	    count > 1000000) {
		usage(stderr);
		return EX_USAGE;
	}
	partners_load(ppath, &pt);
	if (mkdir(out, 0777) != 0 && errno != EEXIST)
		fatalx("%s: %s", out, strerror(errno));

	bprintf(&path, "%s/manifest.json", out);
	if ((mf = fopen(path.p, "w")) == NULL)
		fatalx("%s: %s", path.p, strerror(errno));
	fprintf(mf, "{\"generator\": \"napmon-gencorpus 1\", \"seed\": %llu, "
	    "\"count\": %llu, \"reports\": [\n", seed,
	    count);

	memset(&g, 0, sizeof g);
	g.pt = &pt;
	for (i = 0; i < count; i++) {
		cJSON		*rep = gen_report(&g, seed, i);
		enum encoding	 enc;
		int		 crlf;
		uint32_t	 e = below(&g.r, 100);
		char		*js, file[128];
		size_t		 bytes;

		enc = e < 35 ? E_UTF8 : e < 55 ? E_UTF8_BOM : e < 80 ?
		    E_UTF16LE : E_UTF16BE;
		crlf = chance(&g.r, 35);
		snprintf(file, sizeof file, "%05u-%s-%d.txt", i, g.agency->tag,
		    g.year);
		breset(&path);
		bprintf(&path, "%s/%s", out, file);
		bytes = write_report(path.p, &g.text, enc, crlf, &tmp, &tmp2);
		total += bytes;

		cJSON_AddItemToObjectCS(rep, "file", cJSON_CreateString(file));
		cJSON_AddStringToObject(rep, "encoding", encoding_names[enc]);
		cJSON_AddBoolToObject(rep, "crlf", crlf);
		cJSON_AddNumberToObject(rep, "bytes", (double)bytes);
		if ((js = cJSON_PrintUnformatted(rep)) == NULL)
			fatalx("cJSON_Print failed");
		fprintf(mf, "%s%s\n", js, i + 1 < count ? "," : "");
		free(js);
		cJSON_Delete(rep);
	}
	fprintf(mf, "], \"bytes\": %llu}\n", total);
	if (ferror(mf) || fclose(mf) != 0)
		fatalx("manifest: write error");
	free(path.p);
	free(tmp.p);
	free(tmp2.p);
	free(g.text.p);
	free(g.names);
	partners_free(&pt);
	return 0;
}
