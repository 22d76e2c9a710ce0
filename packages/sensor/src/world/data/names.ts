/** Japanese surnames: kanji, kana reading, Hepburn romanisation (long vowels dropped as in most e-mail addresses). */
export const JA_SURNAMES: readonly (readonly [string, string, string])[] = [
  ['佐藤', 'さとう', 'sato'], ['鈴木', 'すずき', 'suzuki'], ['高橋', 'たかはし', 'takahashi'], ['田中', 'たなか', 'tanaka'],
  ['伊藤', 'いとう', 'ito'], ['渡辺', 'わたなべ', 'watanabe'], ['山本', 'やまもと', 'yamamoto'], ['中村', 'なかむら', 'nakamura'],
  ['小林', 'こばやし', 'kobayashi'], ['加藤', 'かとう', 'kato'], ['吉田', 'よしだ', 'yoshida'], ['山田', 'やまだ', 'yamada'],
  ['佐々木', 'ささき', 'sasaki'], ['山口', 'やまぐち', 'yamaguchi'], ['松本', 'まつもと', 'matsumoto'], ['井上', 'いのうえ', 'inoue'],
  ['木村', 'きむら', 'kimura'], ['林', 'はやし', 'hayashi'], ['斎藤', 'さいとう', 'saito'], ['清水', 'しみず', 'shimizu'],
  ['山崎', 'やまざき', 'yamazaki'], ['森', 'もり', 'mori'], ['池田', 'いけだ', 'ikeda'], ['橋本', 'はしもと', 'hashimoto'],
  ['阿部', 'あべ', 'abe'], ['石川', 'いしかわ', 'ishikawa'], ['山下', 'やました', 'yamashita'], ['中島', 'なかじま', 'nakajima'],
  ['石井', 'いしい', 'ishii'], ['小川', 'おがわ', 'ogawa'], ['前田', 'まえだ', 'maeda'], ['岡田', 'おかだ', 'okada'],
  ['長谷川', 'はせがわ', 'hasegawa'], ['藤田', 'ふじた', 'fujita'], ['後藤', 'ごとう', 'goto'], ['近藤', 'こんどう', 'kondo'],
  ['村上', 'むらかみ', 'murakami'], ['遠藤', 'えんどう', 'endo'], ['青木', 'あおき', 'aoki'], ['坂本', 'さかもと', 'sakamoto'],
  ['斉藤', 'さいとう', 'saito'], ['福田', 'ふくだ', 'fukuda'], ['太田', 'おおた', 'ota'], ['西村', 'にしむら', 'nishimura'],
  ['藤井', 'ふじい', 'fujii'], ['金子', 'かねこ', 'kaneko'], ['岡本', 'おかもと', 'okamoto'], ['藤原', 'ふじわら', 'fujiwara'],
  ['中野', 'なかの', 'nakano'], ['三浦', 'みうら', 'miura'], ['原田', 'はらだ', 'harada'], ['中川', 'なかがわ', 'nakagawa'],
  ['松田', 'まつだ', 'matsuda'], ['竹内', 'たけうち', 'takeuchi'], ['小野', 'おの', 'ono'], ['田村', 'たむら', 'tamura'],
  ['中山', 'なかやま', 'nakayama'], ['和田', 'わだ', 'wada'], ['石田', 'いしだ', 'ishida'], ['森田', 'もりた', 'morita'],
  ['上田', 'うえだ', 'ueda'], ['原', 'はら', 'hara'], ['内田', 'うちだ', 'uchida'], ['柴田', 'しばた', 'shibata'],
  ['酒井', 'さかい', 'sakai'], ['宮崎', 'みやざき', 'miyazaki'], ['横山', 'よこやま', 'yokoyama'], ['高木', 'たかぎ', 'takagi'],
  ['安藤', 'あんどう', 'ando'], ['宮本', 'みやもと', 'miyamoto'], ['大野', 'おおの', 'ono'], ['小島', 'こじま', 'kojima'],
  ['谷口', 'たにぐち', 'taniguchi'], ['今井', 'いまい', 'imai'], ['工藤', 'くどう', 'kudo'], ['高田', 'たかだ', 'takada'],
  ['増田', 'ますだ', 'masuda'], ['丸山', 'まるやま', 'maruyama'], ['杉山', 'すぎやま', 'sugiyama'], ['村田', 'むらた', 'murata'],
  ['大塚', 'おおつか', 'otsuka'], ['新井', 'あらい', 'arai'], ['小山', 'こやま', 'koyama'], ['平野', 'ひらの', 'hirano'],
  ['藤本', 'ふじもと', 'fujimoto'], ['河野', 'こうの', 'kono'], ['上野', 'うえの', 'ueno'], ['野口', 'のぐち', 'noguchi'],
  ['武田', 'たけだ', 'takeda'], ['松井', 'まつい', 'matsui'], ['千葉', 'ちば', 'chiba'], ['岩崎', 'いわさき', 'iwasaki'],
  ['菅原', 'すがわら', 'sugawara'], ['木下', 'きのした', 'kinoshita'], ['久保', 'くぼ', 'kubo'], ['佐野', 'さの', 'sano'],
  ['野村', 'のむら', 'nomura'], ['松尾', 'まつお', 'matsuo'], ['市川', 'いちかわ', 'ichikawa'], ['菊地', 'きくち', 'kikuchi'],
  ['杉本', 'すぎもと', 'sugimoto'], ['古川', 'ふるかわ', 'furukawa'], ['大西', 'おおにし', 'onishi'], ['島田', 'しまだ', 'shimada'],
  ['水野', 'みずの', 'mizuno'], ['桜井', 'さくらい', 'sakurai'], ['高野', 'たかの', 'takano'], ['渡部', 'わたなべ', 'watanabe'],
  ['吉川', 'よしかわ', 'yoshikawa'], ['山内', 'やまうち', 'yamauchi'], ['西田', 'にしだ', 'nishida'], ['飯田', 'いいだ', 'iida'],
  ['菊池', 'きくち', 'kikuchi'], ['西川', 'にしかわ', 'nishikawa'], ['小松', 'こまつ', 'komatsu'], ['北村', 'きたむら', 'kitamura'],
  ['安田', 'やすだ', 'yasuda'], ['五十嵐', 'いがらし', 'igarashi'], ['川口', 'かわぐち', 'kawaguchi'], ['平田', 'ひらた', 'hirata'],
  ['関', 'せき', 'seki'], ['中田', 'なかた', 'nakata'], ['久保田', 'くぼた', 'kubota'], ['服部', 'はっとり', 'hattori'],
  ['東', 'ひがし', 'higashi'], ['岩田', 'いわた', 'iwata'], ['土屋', 'つちや', 'tsuchiya'], ['川崎', 'かわさき', 'kawasaki'],
  ['福島', 'ふくしま', 'fukushima'], ['本田', 'ほんだ', 'honda'], ['辻', 'つじ', 'tsuji'], ['樋口', 'ひぐち', 'higuchi'],
  ['秋山', 'あきやま', 'akiyama'], ['田口', 'たぐち', 'taguchi'], ['永井', 'ながい', 'nagai'], ['山中', 'やまなか', 'yamanaka'],
];

/** Japanese given names: kanji, kana, romanisation. */
export const JA_GIVEN: readonly (readonly [string, string, string])[] = [
  ['翔太', 'しょうた', 'shota'], ['大輔', 'だいすけ', 'daisuke'], ['健太', 'けんた', 'kenta'], ['拓也', 'たくや', 'takuya'],
  ['直樹', 'なおき', 'naoki'], ['和也', 'かずや', 'kazuya'], ['達也', 'たつや', 'tatsuya'], ['誠', 'まこと', 'makoto'],
  ['浩二', 'こうじ', 'koji'], ['隆', 'たかし', 'takashi'], ['亮', 'りょう', 'ryo'], ['健一', 'けんいち', 'kenichi'],
  ['雄一', 'ゆういち', 'yuichi'], ['裕介', 'ゆうすけ', 'yusuke'], ['修', 'おさむ', 'osamu'], ['剛', 'つよし', 'tsuyoshi'],
  ['哲也', 'てつや', 'tetsuya'], ['秀樹', 'ひでき', 'hideki'], ['聡', 'さとし', 'satoshi'], ['淳', 'じゅん', 'jun'],
  ['大樹', 'だいき', 'daiki'], ['悠人', 'ゆうと', 'yuto'], ['蓮', 'れん', 'ren'], ['颯太', 'そうた', 'sota'],
  ['克也', 'かつや', 'katsuya'], ['正人', 'まさと', 'masato'], ['光男', 'みつお', 'mitsuo'], ['茂', 'しげる', 'shigeru'],
  ['陽介', 'ようすけ', 'yosuke'], ['俊介', 'しゅんすけ', 'shunsuke'], ['慎也', 'しんや', 'shinya'], ['康弘', 'やすひろ', 'yasuhiro'],
  ['美咲', 'みさき', 'misaki'], ['陽子', 'ようこ', 'yoko'], ['恵', 'めぐみ', 'megumi'], ['由美', 'ゆみ', 'yumi'],
  ['真由美', 'まゆみ', 'mayumi'], ['久美子', 'くみこ', 'kumiko'], ['裕子', 'ゆうこ', 'yuko'], ['麻衣', 'まい', 'mai'],
  ['彩', 'あや', 'aya'], ['愛', 'あい', 'ai'], ['さくら', 'さくら', 'sakura'], ['結衣', 'ゆい', 'yui'],
  ['明美', 'あけみ', 'akemi'], ['直美', 'なおみ', 'naomi'], ['智子', 'ともこ', 'tomoko'], ['奈々', 'なな', 'nana'],
  ['千尋', 'ちひろ', 'chihiro'], ['香織', 'かおり', 'kaori'], ['舞', 'まい', 'mai'], ['綾乃', 'あやの', 'ayano'],
  ['沙織', 'さおり', 'saori'], ['理恵', 'りえ', 'rie'], ['美穂', 'みほ', 'miho'], ['真理子', 'まりこ', 'mariko'],
  ['早紀', 'さき', 'saki'], ['友美', 'ともみ', 'tomomi'], ['純子', 'じゅんこ', 'junko'], ['加奈子', 'かなこ', 'kanako'],
  ['遥', 'はるか', 'haruka'], ['葵', 'あおい', 'aoi'], ['菜摘', 'なつみ', 'natsumi'], ['瞳', 'ひとみ', 'hitomi'],
];

/** English given names with the katakana a Japanese directory would show. */
export const EN_GIVEN: readonly (readonly [string, string])[] = [
  ['James', 'ジェームズ'], ['Oliver', 'オリバー'], ['William', 'ウィリアム'], ['Henry', 'ヘンリー'], ['Thomas', 'トーマス'],
  ['Daniel', 'ダニエル'], ['Matthew', 'マシュー'], ['Andrew', 'アンドリュー'], ['Christopher', 'クリストファー'], ['Samuel', 'サミュエル'],
  ['Benjamin', 'ベンジャミン'], ['Jack', 'ジャック'], ['George', 'ジョージ'], ['Edward', 'エドワード'], ['Michael', 'マイケル'],
  ['David', 'デビッド'], ['Richard', 'リチャード'], ['Peter', 'ピーター'], ['Mark', 'マーク'], ['Paul', 'ポール'],
  ['Emma', 'エマ'], ['Olivia', 'オリビア'], ['Sophie', 'ソフィー'], ['Charlotte', 'シャーロット'], ['Amelia', 'アメリア'],
  ['Emily', 'エミリー'], ['Grace', 'グレース'], ['Hannah', 'ハンナ'], ['Lucy', 'ルーシー'], ['Sarah', 'サラ'],
  ['Rachel', 'レイチェル'], ['Laura', 'ローラ'], ['Jessica', 'ジェシカ'], ['Rebecca', 'レベッカ'], ['Claire', 'クレア'],
  ['Helen', 'ヘレン'], ['Anna', 'アンナ'], ['Julia', 'ジュリア'], ['Megan', 'ミーガン'], ['Chloe', 'クロエ'],
  ['Nathan', 'ネイサン'], ['Ryan', 'ライアン'], ['Adam', 'アダム'], ['Simon', 'サイモン'], ['Victoria', 'ビクトリア'],
];
export const EN_SURNAMES: readonly (readonly [string, string])[] = [
  ['Smith', 'スミス'], ['Jones', 'ジョーンズ'], ['Taylor', 'テイラー'], ['Brown', 'ブラウン'], ['Williams', 'ウィリアムズ'],
  ['Wilson', 'ウィルソン'], ['Johnson', 'ジョンソン'], ['Davies', 'デイビス'], ['Robinson', 'ロビンソン'], ['Wright', 'ライト'],
  ['Thompson', 'トンプソン'], ['Evans', 'エバンス'], ['Walker', 'ウォーカー'], ['White', 'ホワイト'], ['Roberts', 'ロバーツ'],
  ['Green', 'グリーン'], ['Hall', 'ホール'], ['Wood', 'ウッド'], ['Jackson', 'ジャクソン'], ['Clarke', 'クラーク'],
  ['Harris', 'ハリス'], ['Lewis', 'ルイス'], ['Martin', 'マーティン'], ['Cooper', 'クーパー'], ['King', 'キング'],
  ['Baker', 'ベイカー'], ['Harrison', 'ハリソン'], ['Morgan', 'モーガン'], ['Allen', 'アレン'], ['Young', 'ヤング'],
  ['Mitchell', 'ミッチェル'], ['Anderson', 'アンダーソン'], ['Turner', 'ターナー'], ['Hughes', 'ヒューズ'], ['Edwards', 'エドワーズ'],
  ['Collins', 'コリンズ'], ['Stewart', 'スチュワート'], ['Morris', 'モリス'], ['Murphy', 'マーフィー'], ['Campbell', 'キャンベル'],
  ['Parker', 'パーカー'], ['Bennett', 'ベネット'], ['Reed', 'リード'], ['Fisher', 'フィッシャー'], ['Foster', 'フォスター'],
  ['Graham', 'グラハム'], ['Hayes', 'ヘイズ'], ['Lawson', 'ローソン'], ['Marsh', 'マーシュ'], ['Palmer', 'パーマー'],
  ['Russell', 'ラッセル'], ['Shaw', 'ショー'], ['Spencer', 'スペンサー'], ['Webb', 'ウェッブ'], ['Wells', 'ウェルズ'],
];

/** Places for locations and hostnames: ja name, en name, three-letter code. */
export const JA_PLACES: readonly (readonly [string, string, string])[] = [
  ['東京本社', 'Tokyo Head Office', 'tky'], ['大阪支店', 'Osaka Branch', 'osk'], ['名古屋支店', 'Nagoya Branch', 'ngo'],
  ['福岡営業所', 'Fukuoka Office', 'fuk'], ['札幌営業所', 'Sapporo Office', 'spk'], ['仙台営業所', 'Sendai Office', 'sdj'],
  ['横浜事業所', 'Yokohama Site', 'yok'], ['広島営業所', 'Hiroshima Office', 'hij'], ['浜松工場', 'Hamamatsu Plant', 'hmm'],
  ['京都事業所', 'Kyoto Site', 'kyt'], ['神戸営業所', 'Kobe Office', 'ukb'], ['新潟営業所', 'Niigata Office', 'kij'],
  ['金沢営業所', 'Kanazawa Office', 'kmq'], ['岡山営業所', 'Okayama Office', 'okj'], ['熊本工場', 'Kumamoto Plant', 'kmj'],
  ['宇都宮工場', 'Utsunomiya Plant', 'utm'], ['静岡営業所', 'Shizuoka Office', 'szo'], ['高松営業所', 'Takamatsu Office', 'tak'],
];
export const EN_PLACES: readonly (readonly [string, string, string])[] = [
  ['ロンドン本社', 'London HQ', 'lon'], ['マンチェスター支社', 'Manchester Office', 'man'], ['リーズ支社', 'Leeds Office', 'lds'],
  ['ブリストル支社', 'Bristol Office', 'brs'], ['エディンバラ支社', 'Edinburgh Office', 'edi'], ['バーミンガム工場', 'Birmingham Plant', 'bhx'],
  ['グラスゴー支社', 'Glasgow Office', 'gla'], ['カーディフ支社', 'Cardiff Office', 'cwl'], ['ニューカッスル支社', 'Newcastle Office', 'ncl'],
  ['シェフィールド工場', 'Sheffield Plant', 'shf'], ['ノッティンガム支社', 'Nottingham Office', 'not'], ['ヨーク支社', 'York Office', 'yrk'],
];

/** Kanji and romanised name parts for invented organisation names. */
export const NAME_STEMS: readonly (readonly [string, string])[] = [
  ['北辰', 'Hokushin'], ['東雲', 'Shinonome'], ['青葉', 'Aoba'], ['若葉', 'Wakaba'], ['白鷺', 'Shirasagi'], ['瑞穂', 'Mizuho'],
  ['常盤', 'Tokiwa'], ['朝霧', 'Asagiri'], ['紫峰', 'Shiho'], ['翠嶺', 'Suirei'], ['明星', 'Myojo'], ['大和田', 'Owada'],
  ['千歳', 'Chitose'], ['葵', 'Aoi'], ['昭栄', 'Shoei'], ['光陽', 'Koyo'], ['東邦和', 'Tohowa'], ['三峰', 'Mitsumine'],
  ['鶴見', 'Tsurumi'], ['弥生', 'Yayoi'], ['宝永', 'Hoei'], ['清流', 'Seiryu'], ['泉', 'Izumi'], ['星川', 'Hoshikawa'],
  ['碧海', 'Hekikai'], ['旭丘', 'Asahigaoka'], ['嶺南', 'Reinan'], ['松風', 'Matsukaze'], ['桜台', 'Sakuradai'], ['日向', 'Hyuga'],
];
export const EN_STEMS: readonly string[] = [
  'Ashford', 'Brackley', 'Calder', 'Dunmore', 'Elmstead', 'Fairholm', 'Glenbrook', 'Harwick', 'Kestrel', 'Larkhill',
  'Marlow', 'Northgate', 'Oakridge', 'Pennant', 'Redcliffe', 'Stanmore', 'Thornbury', 'Wexcombe', 'Whitby', 'Yarrow',
];
